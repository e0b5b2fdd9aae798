package io.twinua.server.nodeset;

import java.util.List;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;

/**
 * Attributes and references every node class has (Part 3 §5.2). NodeIds and the BrowseName's
 * namespace index are file-relative.
 */
public record CommonAttributes(
    NodeId nodeId,
    QualifiedName browseName,
    LocalizedText displayName,
    LocalizedText description,
    UInteger writeMask,
    UInteger userWriteMask,
    List<ReferenceDefinition> references,
    SourcePosition position) {

  public CommonAttributes {
    references = List.copyOf(references);
  }
}
