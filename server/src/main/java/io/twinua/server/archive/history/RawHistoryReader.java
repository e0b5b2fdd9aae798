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
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
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
 * RawValueReader}: paging with continuation points, bounds, TimestampsToReturn and IndexRange.
 *
 * <p>Paging: with start and end time given, {@code numValuesPerNode} is the page size and a
 * continuation point leads to the next page. With only one time given it is the total count
 * (§6.4.3.2): once that many values were returned the read ends with Good_MoreData if more exist.
 * Independently of the request, no response carries more than {@code maxValuesPerResponse} values
 * (Part 11 §6.3 allows a server to return fewer and a continuation point).
 */
public final class RawHistoryReader {

  /** What a continuation point of a raw read remembers. */
  record Continuation(RawCursor cursor, long remaining) {}

  private static final Logger LOG = LoggerFactory.getLogger(RawHistoryReader.class);

  private final RawValueReader archive;
  private final HistoryContinuations continuations;
  private final EncodingContext encodingContext;
  private final int maxValuesPerResponse;

  /**
   * @param encodingContext used to encode HistoryData, e.g. {@code server.getEncodingContext()}
   * @param maxValuesPerResponse upper limit of values in one response, whatever was requested
   */
  public RawHistoryReader(
      RawValueReader archive,
      HistoryContinuations continuations,
      EncodingContext encodingContext,
      int maxValuesPerResponse) {
    if (maxValuesPerResponse < 1 || maxValuesPerResponse > 1_000_000) {
      throw new IllegalArgumentException(
          "maxValuesPerResponse must be 1..1000000, got " + maxValuesPerResponse);
    }
    this.archive = Objects.requireNonNull(archive);
    this.continuations = Objects.requireNonNull(continuations);
    this.encodingContext = Objects.requireNonNull(encodingContext);
    this.maxValuesPerResponse = maxValuesPerResponse;
  }

  /**
   * Reads one node's raw history.
   *
   * @param sessionId session the continuation points belong to
   * @param tag archive tag name of the node {@code id} refers to
   */
  public HistoryReadResult read(
      NodeId sessionId,
      ReadRawModifiedDetails details,
      TimestampsToReturn timestamps,
      HistoryReadValueId id,
      String tag,
      boolean releaseContinuationPoints) {
    ByteString point = HistoryResults.pointOf(id);
    if (releaseContinuationPoints) {
      if (point != null) {
        continuations.release(sessionId, point);
      }
      return HistoryResults.status(StatusCodes.Good);
    }
    if (Boolean.TRUE.equals(details.getIsReadModified())) {
      return HistoryResults.status(StatusCodes.Bad_HistoryOperationUnsupported);
    }
    if (timestamps == null || timestamps == TimestampsToReturn.Neither) {
      return HistoryResults.status(StatusCodes.Bad_TimestampsToReturnInvalid);
    }
    long start = HistoryResults.ticks(details.getStartTime());
    long end = HistoryResults.ticks(details.getEndTime());
    if (start == 0 && end == 0) {
      return HistoryResults.status(StatusCodes.Bad_InvalidTimestampArgument);
    }
    NumericRange indexRange = null;
    if (id.getIndexRange() != null && !id.getIndexRange().isEmpty()) {
      try {
        indexRange = NumericRange.parse(id.getIndexRange());
      } catch (UaException e) {
        return HistoryResults.status(StatusCodes.Bad_IndexRangeInvalid);
      }
    }
    boolean bounds = Boolean.TRUE.equals(details.getReturnBounds());
    long requested =
        details.getNumValuesPerNode() == null ? 0 : details.getNumValuesPerNode().longValue();
    boolean bothTimes = start != 0 && end != 0;

    RawCursor resume = null;
    long remaining;
    if (point != null) {
      Continuation c = continuations.take(sessionId, point, Continuation.class).orElse(null);
      if (c == null || !c.cursor().belongsTo(tag, start, end, bounds)) {
        return HistoryResults.status(StatusCodes.Bad_ContinuationPointInvalid);
      }
      resume = c.cursor();
      remaining = c.remaining();
    } else {
      remaining = !bothTimes && requested > 0 ? requested : -1;
    }
    long pageSize = maxValuesPerResponse;
    if (bothTimes && requested > 0) {
      pageSize = Math.min(pageSize, requested);
    }
    if (remaining >= 0) {
      pageSize = Math.min(pageSize, remaining);
    }

    RawPage page;
    try {
      page = archive.readRaw(tag, start, end, (int) pageSize, bounds, resume);
    } catch (ArchiveException e) {
      LOG.warn("history read of {} failed: {}", tag, e.getMessage());
      return HistoryResults.status(
          e.reason() == ArchiveException.Reason.INVALID_REQUEST
              ? StatusCodes.Bad_ContinuationPointInvalid
              : StatusCodes.Bad_HistoryOperationInvalid);
    }

    List<DataValue> values = new ArrayList<>(page.values().size());
    for (DataValue v : page.values()) {
      values.add(select(v, timestamps, indexRange));
    }
    long left = remaining < 0 ? -1 : remaining - values.size();
    long status = values.isEmpty() ? StatusCodes.Good_NoData : StatusCodes.Good;
    ByteString next = null;
    if (page.hasMore()) {
      if (left == 0) {
        status = StatusCodes.Good_MoreData; // the requested count is reached
      } else {
        next = continuations.put(sessionId, new Continuation(page.next(), left));
      }
    }
    return HistoryResults.of(
        encodingContext, status, next, new HistoryData(values.toArray(new DataValue[0])));
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
