package io.twinua.server.station;

import io.twinua.server.archive.history.EventHistoryReader;
import io.twinua.server.archive.history.HistoryBudget;
import io.twinua.server.archive.history.RawHistoryReader;
import io.twinua.server.plant.EventHistory;
import io.twinua.server.plant.PlantHistory;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadEventDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.jspecify.annotations.Nullable;

/**
 * The archive's raw and event history with one value budget per HistoryRead request (project
 * {@code history.maxValuesPerRequest}): the namespaces ask {@code forRequest()} once per request.
 */
final class BudgetedHistory {

  private final RawHistoryReader raw;
  private final EventHistoryReader events;
  private final int maxValuesPerRequest;
  private final long serverMaxMessageBytes;

  /** @param serverMaxMessageBytes the server's own maximum message size (Milo's encoding limits) */
  BudgetedHistory(RawHistoryReader raw, EventHistoryReader events, int maxValuesPerRequest, long serverMaxMessageBytes) {
    this.raw = raw;
    this.events = events;
    this.maxValuesPerRequest = maxValuesPerRequest;
    this.serverMaxMessageBytes = serverMaxMessageBytes;
  }

  PlantHistory plant() {
    return new PlantReads(null);
  }

  EventHistory events() {
    return new EventReads(null);
  }

  /** The request's budget; without one each read is a request of its own. */
  private HistoryBudget budget(@Nullable HistoryBudget request) {
    return request != null ? request : HistoryBudget.of(maxValuesPerRequest);
  }

  private final class PlantReads implements PlantHistory {
    private final @Nullable HistoryBudget budget;

    PlantReads(@Nullable HistoryBudget budget) {
      this.budget = budget;
    }

    @Override
    public PlantHistory forRequest(long maxResponseBytes) {
      long limit = maxResponseBytes > 0 && serverMaxMessageBytes > 0 ? Math.min(maxResponseBytes, serverMaxMessageBytes)
          : Math.max(maxResponseBytes, serverMaxMessageBytes);
      return new PlantReads(HistoryBudget.of(maxValuesPerRequest, limit));
    }

    @Override
    public HistoryReadResult readRaw(NodeId sessionId, ReadRawModifiedDetails details, TimestampsToReturn timestamps,
        HistoryReadValueId id, String tag) {
      return raw.read(sessionId, details, timestamps, id, tag, false, budget(budget));
    }
  }

  private final class EventReads implements EventHistory {
    private final @Nullable HistoryBudget budget;

    EventReads(@Nullable HistoryBudget budget) {
      this.budget = budget;
    }

    @Override
    public EventHistory forRequest() {
      return new EventReads(HistoryBudget.of(maxValuesPerRequest));
    }

    @Override
    public HistoryReadResult readEvents(NodeId sessionId, ReadEventDetails details, HistoryReadValueId id) {
      return events.read(sessionId, details, id, false, budget(budget));
    }
  }
}
