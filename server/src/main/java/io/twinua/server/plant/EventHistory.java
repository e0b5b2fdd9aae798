package io.twinua.server.plant;

import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadEventDetails;
import org.jspecify.annotations.Nullable;

/** The message archive as the Server object's event history. */
public interface EventHistory {

  /**
   * The event history for the nodes of one HistoryRead request, which share what the request may
   * return (the project's {@code history.maxValuesPerRequest} and the response size); this one if
   * nothing is shared.
   *
   * @param session the requesting session, whose response limit the events must fit into
   */
  default EventHistory forRequest(@Nullable Session session) {
    return this;
  }

  HistoryReadResult readEvents(NodeId sessionId, ReadEventDetails details, HistoryReadValueId id);
}
