package io.twinua.server.archive.history;

import io.twinua.server.archive.ArchiveException;
import io.twinua.server.archive.RawCursor;
import io.twinua.server.archive.RawPage;
import io.twinua.server.archive.RawValueReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.milo.opcua.sdk.core.NumericRange;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.encoding.EncodingContext;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers HistoryRead "read raw" for one archived tag (OPC UA Part 11 §6.4.3) from the {@link
 * RawValueReader}: bounds, TimestampsToReturn and IndexRange, paged as {@link HistoryPaging}
 * describes (§6.4.3.2: with one time given, {@code numValuesPerNode} is the total count).
 */
public final class RawHistoryReader {

  /** The identity of a raw read, which its continuation points must match. */
  private record Query(String tag, long start, long end, boolean bounds) {}

  private static final Logger LOG = LoggerFactory.getLogger(RawHistoryReader.class);

  private final RawValueReader archive;
  private final HistoryPaging paging;

  /**
   * @param encodingContext used to encode HistoryData, e.g. {@code server.getEncodingContext()}
   * @param maxValuesPerResponse upper limit of values in one response, whatever was requested
   */
  public RawHistoryReader(
      RawValueReader archive,
      HistoryContinuations continuations,
      EncodingContext encodingContext,
      int maxValuesPerResponse) {
    this.paging = new HistoryPaging(continuations, encodingContext, maxValuesPerResponse);
    this.archive = Objects.requireNonNull(archive);
  }

  /** {@link #read(NodeId, ReadRawModifiedDetails, TimestampsToReturn, HistoryReadValueId, String, boolean,
   * HistoryBudget)} bounded by the page size only. */
  public HistoryReadResult read(
      NodeId sessionId,
      ReadRawModifiedDetails details,
      TimestampsToReturn timestamps,
      HistoryReadValueId id,
      String tag,
      boolean releaseContinuationPoints) {
    return read(sessionId, details, timestamps, id, tag, releaseContinuationPoints, HistoryBudget.unlimited());
  }

  /**
   * Reads one node's raw history.
   *
   * @param sessionId session the continuation points belong to
   * @param tag archive tag name of the node {@code id} refers to
   * @param budget values the request may still return; this node's page spends from it
   */
  public HistoryReadResult read(
      NodeId sessionId,
      ReadRawModifiedDetails details,
      TimestampsToReturn timestamps,
      HistoryReadValueId id,
      String tag,
      boolean releaseContinuationPoints,
      HistoryBudget budget) {
    HistoryReadResult released = paging.released(sessionId, id, releaseContinuationPoints);
    if (released != null) {
      return released;
    }
    if (Boolean.TRUE.equals(details.getIsReadModified())) {
      return HistoryResults.status(StatusCodes.Bad_HistoryOperationUnsupported);
    }
    if (timestamps == null || timestamps == TimestampsToReturn.Neither) {
      return HistoryResults.status(StatusCodes.Bad_TimestampsToReturnInvalid);
    }
    boolean bounds = Boolean.TRUE.equals(details.getReturnBounds());
    HistoryPaging.Page page = paging.begin(sessionId, id, details.getStartTime(),
        details.getEndTime(), details.getNumValuesPerNode(), budget.pageLimit(1),
        (start, end) -> new Query(tag, start, end, bounds));
    if (page.refusal() != null) {
      return page.refusal();
    }
    if (page.size() == 0) {
      return paging.defer(sessionId, page, new HistoryData(new DataValue[0]));
    }
    NumericRange indexRange = null;
    if (id.getIndexRange() != null && !id.getIndexRange().isEmpty()) {
      try {
        indexRange = NumericRange.parse(id.getIndexRange());
      } catch (UaException e) {
        return HistoryResults.status(StatusCodes.Bad_IndexRangeInvalid);
      }
    }

    RawPage raw;
    try {
      raw =
          archive.readRaw(
              tag, page.start(), page.end(), page.size(), bounds, page.cursor(RawCursor.class));
    } catch (ArchiveException e) {
      LOG.warn("history read of {} failed: {}", tag, e.getMessage());
      return HistoryResults.status(
          e.reason() == ArchiveException.Reason.INVALID_REQUEST
              ? StatusCodes.Bad_ContinuationPointInvalid
              : StatusCodes.Bad_HistoryOperationInvalid);
    }

    List<DataValue> values = new ArrayList<>(raw.values().size());
    for (DataValue v : raw.values()) {
      values.add(select(v, timestamps, indexRange));
    }
    long[] sizes = values.stream().mapToLong(EncodedSize::of).toArray();
    int fit = budget.fitting(sizes);
    if (fit < values.size()) {
      if (fit == 0 && budget.untouched()) {
        // not even one value fits the client's response limit: asking again cannot help
        return HistoryResults.status(StatusCodes.Bad_ResponseTooLarge);
      }
      if (fit == 0) {
        return paging.defer(sessionId, page, new HistoryData(new DataValue[0]));
      }
      try {
        // the same page, cut where the response is full, so the cursor points after the last value sent
        raw = archive.readRaw(tag, page.start(), page.end(), fit, bounds, page.cursor(RawCursor.class));
      } catch (ArchiveException e) {
        LOG.warn("history read of {} failed: {}", tag, e.getMessage());
        return HistoryResults.status(StatusCodes.Bad_HistoryOperationInvalid);
      }
      values = values.subList(0, Math.min(fit, raw.values().size()));
    }
    budget.spend(values.size(), 1);
    long bytes = 0;
    for (int i = 0; i < values.size(); i++) {
      bytes += sizes[i];
    }
    budget.spendBytes(bytes);
    return paging.finish(
        sessionId, page, values.size(), raw.next(), new HistoryData(values.toArray(new DataValue[0])));
  }

  private static DataValue select(
      DataValue v, TimestampsToReturn timestamps, @Nullable NumericRange indexRange) {
    Variant value = v.getValue();
    StatusCode status = v.getStatusCode();
    if (indexRange != null && value.isNotNull()) {
      try {
        value = new Variant(NumericRange.readFromValueAtRange(value, indexRange));
      } catch (UaException e) {
        value = Variant.NULL_VALUE;
        status = new StatusCode(StatusCodes.Bad_IndexRangeNoData);
      }
    }
    boolean source = timestamps != TimestampsToReturn.Server;
    boolean server = timestamps != TimestampsToReturn.Source;
    return new DataValue(
        value,
        status,
        source ? v.getSourceTime() : null,
        source ? v.getSourcePicoseconds() : null,
        server ? v.getServerTime() : null,
        server ? v.getServerPicoseconds() : null);
  }
}
