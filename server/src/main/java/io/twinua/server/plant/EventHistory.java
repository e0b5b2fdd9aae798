package io.twinua.server.plant;

import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadEventDetails;

/** The message archive as the Server object's event history. */
public interface EventHistory {

  /**
   * The event history for the nodes of one HistoryRead request, which share what the request may
   * return (the project's {@code history.maxValuesPerRequest}); this one if nothing is shared.
   */
  default EventHistory forRequest() {
    return this;
  }

  HistoryReadResult readEvents(NodeId sessionId, ReadEventDetails details, HistoryReadValueId id);
}
