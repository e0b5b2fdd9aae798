package io.twinua.server.nodeset;

import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;

/** A {@code UAObjectType}. */
public record ObjectTypeDefinition(CommonAttributes common, boolean isAbstract)
    implements NodeDefinition {

  @Override
  public NodeClass nodeClass() {
    return NodeClass.ObjectType;
  }
}
