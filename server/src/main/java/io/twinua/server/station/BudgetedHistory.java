package io.twinua.server.station;

import io.twinua.server.archive.history.EventHistoryReader;
import io.twinua.server.archive.history.HistoryBudget;
import io.twinua.server.archive.history.RawHistoryReader;
import io.twinua.server.plant.EventHistory;
import io.twinua.server.plant.PlantHistory;
import java.util.function.ToLongFunction;
import org.eclipse.milo.opcua.sdk.server.Session;
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
  private final ToLongFunction<@Nullable Session> responseLimit;

  /**
   * @param responseLimit the largest response a session takes, 0 for none (the smallest of its
   *     client's announced limits and the server's own maximum message size)
   */
  BudgetedHistory(RawHistoryReader raw, EventHistoryReader events, int maxValuesPerRequest,
      ToLongFunction<@Nullable Session> responseLimit) {
    this.raw = raw;
    this.events = events;
    this.maxValuesPerRequest = maxValuesPerRequest;
    this.responseLimit = responseLimit;
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
    public PlantHistory forRequest(@Nullable Session session) {
      return new PlantReads(HistoryBudget.of(maxValuesPerRequest, responseLimit.applyAsLong(session)));
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
    public EventHistory forRequest(@Nullable Session session) {
      return new EventReads(HistoryBudget.of(maxValuesPerRequest, responseLimit.applyAsLong(session)));
    }

    @Override
    public HistoryReadResult readEvents(NodeId sessionId, ReadEventDetails details, HistoryReadValueId id) {
      return events.read(sessionId, details, id, false, budget(budget));
    }
  }
}
