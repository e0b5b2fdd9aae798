package io.twinua.server.archive.history;

import io.twinua.server.archive.ArchiveException;
import io.twinua.server.archive.MessageArchive;
import io.twinua.server.archive.MessageCursor;
import io.twinua.server.archive.MessageRecord;
import java.util.List;
import java.util.Objects;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.encoding.EncodingContext;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryEvent;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryEventFieldList;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadEventDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers HistoryRead of events (OPC UA Part 11 §6.4.2, ReadEventDetails) on the Server object from
 * the {@link MessageArchive}: one HistoryEventFieldList per message with the fields the filter's
 * select clauses ask for. Paging follows the raw reader: with start and end time {@code
 * numValuesPerNode} is the page size, with one time it is the total count.
 *
 * <p>The filter's where clause is not evaluated: every archived message in the time domain is
 * returned.
 */
public final class EventHistoryReader {

  /** What a continuation point of an event read remembers. */
  record Continuation(long start, long end, MessageCursor cursor, long remaining) {}

  private static final Logger LOG = LoggerFactory.getLogger(EventHistoryReader.class);

  private final MessageArchive archive;
  private final HistoryContinuations continuations;
  private final EncodingContext encodingContext;
  private final int maxEventsPerResponse;

  public EventHistoryReader(
      MessageArchive archive,
      HistoryContinuations continuations,
      EncodingContext encodingContext,
      int maxEventsPerResponse) {
    if (maxEventsPerResponse < 1 || maxEventsPerResponse > 1_000_000) {
      throw new IllegalArgumentException(
          "maxEventsPerResponse must be 1..1000000, got " + maxEventsPerResponse);
    }
    this.archive = Objects.requireNonNull(archive);
    this.continuations = Objects.requireNonNull(continuations);
    this.encodingContext = Objects.requireNonNull(encodingContext);
    this.maxEventsPerResponse = maxEventsPerResponse;
  }

  public HistoryReadResult read(
      NodeId sessionId,
      ReadEventDetails details,
      HistoryReadValueId id,
      boolean releaseContinuationPoints) {
    ByteString point = HistoryResults.pointOf(id);
    if (releaseContinuationPoints) {
      if (point != null) {
        continuations.release(sessionId, point);
      }
      return HistoryResults.status(StatusCodes.Good);
    }
    EventFilter filter = details.getFilter();
    SimpleAttributeOperand[] select = filter == null ? null : filter.getSelectClauses();
    if (select == null || select.length == 0) {
      return HistoryResults.status(StatusCodes.Bad_EventFilterInvalid);
    }
    long start = HistoryResults.ticks(details.getStartTime());
    long end = HistoryResults.ticks(details.getEndTime());
    if (start == 0 && end == 0) {
      return HistoryResults.status(StatusCodes.Bad_InvalidTimestampArgument);
    }
    long requested =
        details.getNumValuesPerNode() == null ? 0 : details.getNumValuesPerNode().longValue();
    boolean bothTimes = start != 0 && end != 0;

    MessageCursor resume = null;
    long remaining;
    if (point != null) {
      Continuation c = continuations.take(sessionId, point, Continuation.class).orElse(null);
      if (c == null || c.start() != start || c.end() != end) {
        return HistoryResults.status(StatusCodes.Bad_ContinuationPointInvalid);
      }
      resume = c.cursor();
      remaining = c.remaining();
    } else {
      remaining = !bothTimes && requested > 0 ? requested : -1;
    }
    long pageSize = maxEventsPerResponse;
    if (bothTimes && requested > 0) {
      pageSize = Math.min(pageSize, requested);
    }
    if (remaining >= 0) {
      pageSize = Math.min(pageSize, remaining);
    }

    List<MessageRecord> rows;
    try {
      rows = archive.read(start, end, (int) pageSize + 1, resume); // one extra: is there more?
    } catch (ArchiveException e) {
      LOG.warn("event history read failed: {}", e.getMessage());
      return HistoryResults.status(StatusCodes.Bad_HistoryOperationInvalid);
    }
    boolean more = rows.size() > pageSize;
    List<MessageRecord> page = more ? rows.subList(0, (int) pageSize) : rows;

    HistoryEventFieldList[] events = new HistoryEventFieldList[page.size()];
    for (int i = 0; i < events.length; i++) {
      Variant[] fields = new Variant[select.length];
      for (int f = 0; f < select.length; f++) {
        fields[f] = EventFields.select(select[f], page.get(i));
      }
      events[i] = new HistoryEventFieldList(fields);
    }
    long left = remaining < 0 ? -1 : remaining - page.size();
    long status = page.isEmpty() ? StatusCodes.Good_NoData : StatusCodes.Good;
    ByteString next = null;
    if (more) {
      if (left == 0) {
        status = StatusCodes.Good_MoreData;
      } else {
        MessageCursor cursor = MessageCursor.after(page.get(page.size() - 1));
        next = continuations.put(sessionId, new Continuation(start, end, cursor, left));
      }
    }
    return HistoryResults.of(encodingContext, status, next, new HistoryEvent(events));
  }
}
