package io.twinua.server.nodeset;

import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/** One {@code Reference} of a node, aliases already resolved, NodeIds file-relative. */
public record ReferenceDefinition(
    NodeId referenceType, NodeId target, boolean forward, SourcePosition position) {}
