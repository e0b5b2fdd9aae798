package io.twinua.server.archive.history;

import io.twinua.server.archive.ArchiveException;
import io.twinua.server.archive.MessageArchive;
import io.twinua.server.archive.MessageCursor;
import io.twinua.server.archive.MessageRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.LongStream;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.encoding.EncodingContext;
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
 * select clauses ask for, paged as {@link HistoryPaging} describes.
 *
 * <p>The filter's where clause is not evaluated: every archived message in the time domain is
 * returned.
 */
public final class EventHistoryReader {

  /** The identity of an event read, which its continuation points must match. */
  private record Query(long start, long end) {}

  private static final Logger LOG = LoggerFactory.getLogger(EventHistoryReader.class);

  private final MessageArchive archive;
  private final HistoryPaging paging;
  private final int maxSelectClauses;

  /**
   * @param maxSelectClauses most select clauses one event filter may have; more get
   *     Bad_EventFilterInvalid (the filter asks for more than this server serves)
   */
  public EventHistoryReader(
      MessageArchive archive,
      HistoryContinuations continuations,
      EncodingContext encodingContext,
      int maxEventsPerResponse,
      int maxSelectClauses) {
    this.paging = new HistoryPaging(continuations, encodingContext, maxEventsPerResponse);
    this.archive = Objects.requireNonNull(archive);
    this.maxSelectClauses = maxSelectClauses;
  }

  /** {@link #read(NodeId, ReadEventDetails, HistoryReadValueId, boolean, HistoryBudget)} bounded by the page size only. */
  public HistoryReadResult read(
      NodeId sessionId,
      ReadEventDetails details,
      HistoryReadValueId id,
      boolean releaseContinuationPoints) {
    return read(sessionId, details, id, releaseContinuationPoints, HistoryBudget.unlimited());
  }

  /**
   * Reads the events of one node.
   *
   * @param budget values the request may still return; each event costs one per select clause
   */
  public HistoryReadResult read(
      NodeId sessionId,
      ReadEventDetails details,
      HistoryReadValueId id,
      boolean releaseContinuationPoints,
      HistoryBudget budget) {
    HistoryReadResult released = paging.released(sessionId, id, releaseContinuationPoints);
    if (released != null) {
      return released;
    }
    EventFilter filter = details.getFilter();
    SimpleAttributeOperand[] select = filter == null ? null : filter.getSelectClauses();
    if (select == null || select.length == 0 || select.length > maxSelectClauses) {
      return HistoryResults.status(StatusCodes.Bad_EventFilterInvalid);
    }
    HistoryPaging.Page page = paging.begin(sessionId, id, details.getStartTime(),
        details.getEndTime(), details.getNumValuesPerNode(), budget.pageLimit(select.length), Query::new);
    if (page.refusal() != null) {
      return page.refusal();
    }
    if (page.size() == 0) {
      return paging.defer(sessionId, page, new HistoryEvent(new HistoryEventFieldList[0]));
    }

    List<MessageRecord> rows;
    try {
      // one extra: is there more?
      rows = archive.read(page.start(), page.end(), page.size() + 1, page.cursor(MessageCursor.class));
    } catch (ArchiveException e) {
      LOG.warn("event history read failed: {}", e.getMessage());
      return HistoryResults.status(StatusCodes.Bad_HistoryOperationInvalid);
    }
    boolean more = rows.size() > page.size();
    List<MessageRecord> found = more ? rows.subList(0, page.size()) : rows;

    HistoryEventFieldList[] events = new HistoryEventFieldList[found.size()];
    long[] sizes = new long[events.length];
    for (int i = 0; i < events.length; i++) {
      Variant[] fields = new Variant[select.length];
      for (int f = 0; f < select.length; f++) {
        fields[f] = EventFields.select(select[f], found.get(i));
      }
      events[i] = new HistoryEventFieldList(fields);
      sizes[i] = EncodedSize.of(fields);
    }
    int fit = budget.fitting(sizes);
    if (fit < events.length) {
      if (fit == 0 && budget.untouched()) {
        // not even one event fits the client's response limit: asking again cannot help
        return HistoryResults.status(StatusCodes.Bad_ResponseTooLarge);
      }
      if (fit == 0) {
        return paging.defer(sessionId, page, new HistoryEvent(new HistoryEventFieldList[0]));
      }
      // the page ends where the response is full; the point leads on after the last event sent
      events = Arrays.copyOf(events, fit);
      found = found.subList(0, fit);
      more = true;
    }
    budget.spend(events.length, select.length);
    budget.spendBytes(LongStream.of(sizes).limit(events.length).sum());
    MessageCursor next = more ? MessageCursor.after(found.get(found.size() - 1)) : null;
    return paging.finish(sessionId, page, found.size(), next, new HistoryEvent(events));
  }
}
