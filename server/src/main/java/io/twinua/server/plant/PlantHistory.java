package io.twinua.server.plant;

import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;

/** The archive as the plant namespace sees it: raw history of one archived tag. */
public interface PlantHistory {

  HistoryReadResult readRaw(
      NodeId sessionId,
      ReadRawModifiedDetails details,
      TimestampsToReturn timestamps,
      HistoryReadValueId id,
      String tag);
}
