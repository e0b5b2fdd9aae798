package io.twinua.server.station;

import io.twinua.server.archive.history.HistoryBudget;
import io.twinua.server.archive.history.RawHistoryReader;
import io.twinua.server.plant.PlantHistory;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;

/** The plant's raw history with one value budget per HistoryRead request (project history.maxValuesPerRequest). */
final class BudgetedHistory implements PlantHistory {

  private final RawHistoryReader reader;
  private final int maxValuesPerRequest;
  private final HistoryBudget budget;

  BudgetedHistory(RawHistoryReader reader, int maxValuesPerRequest) {
    this(reader, maxValuesPerRequest, null);
  }

  /** @param budget the request's budget; null: each read is a request of its own */
  private BudgetedHistory(RawHistoryReader reader, int maxValuesPerRequest, HistoryBudget budget) {
    this.reader = reader;
    this.maxValuesPerRequest = maxValuesPerRequest;
    this.budget = budget;
  }

  @Override
  public PlantHistory forRequest() {
    return new BudgetedHistory(reader, maxValuesPerRequest, HistoryBudget.of(maxValuesPerRequest));
  }

  @Override
  public HistoryReadResult readRaw(NodeId sessionId, ReadRawModifiedDetails details, TimestampsToReturn timestamps,
      HistoryReadValueId id, String tag) {
    return reader.read(sessionId, details, timestamps, id, tag, false,
        budget != null ? budget : HistoryBudget.of(maxValuesPerRequest));
  }
}
