package io.twinua.server.plant;

import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadEventDetails;

/** The message archive as the Server object's event history. */
public interface EventHistory {

  HistoryReadResult readEvents(NodeId sessionId, ReadEventDetails details, HistoryReadValueId id);
}
