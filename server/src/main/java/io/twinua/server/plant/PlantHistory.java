package io.twinua.server.plant;

import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.jspecify.annotations.Nullable;

/** The archive as the plant namespace sees it: raw history of one archived tag. */
public interface PlantHistory {

  /**
   * The history for the nodes of one HistoryRead request, which share what the request may return
   * (the project's {@code history.maxValuesPerRequest} and the response size); this one if nothing
   * is shared.
   *
   * @param session the requesting session, whose response limit the values must fit into
   */
  default PlantHistory forRequest(@Nullable Session session) {
    return this;
  }

  HistoryReadResult readRaw(
      NodeId sessionId,
      ReadRawModifiedDetails details,
      TimestampsToReturn timestamps,
      HistoryReadValueId id,
      String tag);
}
