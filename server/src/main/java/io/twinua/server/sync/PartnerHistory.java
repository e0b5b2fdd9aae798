package io.twinua.server.sync;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryEvent;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryEventFieldList;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadEventDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the partner's history over the partner link's client (logged in as PARTNER, which may read
 * history): raw values of one plant variable (Part 11 §6.4.3, no bounds) and the events of the
 * Server object (§6.4.2), page by page with continuation points. A read stopped early releases
 * its continuation point, so the partner's store does not keep it.
 */
final class PartnerHistory {

  private static final Logger LOG = LoggerFactory.getLogger(PartnerHistory.class);

  /** Values asked for per request; the partner caps its responses at 10,000 anyway. */
  static final int PAGE = 10_000;

  /** Receives one page (the read stops with whatever it throws). */
  @FunctionalInterface
  interface Pages<T> {
    void accept(List<T> page) throws SyncException, InterruptedException;
  }

  private final OpcUaClient client;
  private final String plantNamespaceUri;
  private final BooleanSupplier keepGoing;

  /** @param keepGoing checked before each request: false stops the read (link down, closing) */
  PartnerHistory(OpcUaClient client, String plantNamespaceUri, BooleanSupplier keepGoing) {
    this.client = client;
    this.plantNamespaceUri = plantNamespaceUri;
    this.keepGoing = keepGoing;
  }

  /**
   * A raw read whose first request is already on its way: started ahead ({@link #startRaw}) so the
   * partner reads and encodes the next tag while this station still decodes and writes the last.
   */
  static final class RawRead {
    private final String tag;
    private final NodeId node;
    private final ReadRawModifiedDetails details;
    private final CompletableFuture<HistoryReadResult> first;

    private RawRead(String tag, NodeId node, ReadRawModifiedDetails details, CompletableFuture<HistoryReadResult> first) {
      this.tag = tag;
      this.node = node;
      this.details = details;
      this.first = first;
    }

    String tag() {
      return tag;
    }
  }

  /**
   * Sends the first request for every stored value of {@code tag} (the plant variable's string
   * identifier) with {@code from <= source time < to}; {@link #readRaw(RawRead, Pages)} finishes
   * the read, {@link #abandon} drops it.
   */
  RawRead startRaw(String tag, long fromTicks, long toTicks) throws SyncException {
    UShort ns = client.getNamespaceTable().getIndex(plantNamespaceUri);
    if (ns == null) {
      throw new SyncException("the partner has no namespace " + plantNamespaceUri);
    }
    NodeId node = new NodeId(ns, tag);
    var details = new ReadRawModifiedDetails(false, new DateTime(fromTicks), new DateTime(toTicks), uint(PAGE), false);
    return new RawRead(tag, node, details, requestAsync(node, details, null));
  }

  /**
   * The values of a started read, oldest first, page by page.
   *
   * @return false if stopped by {@code keepGoing} before the end
   */
  boolean readRaw(RawRead read, Pages<DataValue> pages) throws SyncException, InterruptedException {
    return read(read.node, read.details, "values of " + read.tag, read.first, result -> {
      HistoryData data = (HistoryData) result.getHistoryData().decode(client.getStaticEncodingContext());
      DataValue[] values = data.getDataValues();
      pages.accept(values == null ? List.of() : List.of(values));
    });
  }

  /** Drops a started read that will not be finished: its continuation point is released once it arrives. */
  void abandon(RawRead read) {
    read.first.thenAccept(r -> release(read.node, read.details, r.getContinuationPoint()));
  }

  /** Every archived event of the partner with {@code from <= time < to}, oldest first, as fields of {@link #EVENT_FIELDS}. */
  boolean readEvents(long fromTicks, long toTicks, Pages<Variant[]> pages) throws SyncException, InterruptedException {
    var details = new ReadEventDetails(uint(PAGE), new DateTime(fromTicks), new DateTime(toTicks), EVENT_FILTER);
    return read(NodeIds.Server, details, "events", null, result -> {
      HistoryEvent data = (HistoryEvent) result.getHistoryData().decode(client.getStaticEncodingContext());
      HistoryEventFieldList[] events = data.getEvents();
      if (events != null) {
        pages.accept(java.util.Arrays.stream(events).map(HistoryEventFieldList::getEventFields).toList());
      }
    });
  }

  @FunctionalInterface
  private interface ResultSink {
    void accept(HistoryReadResult result) throws SyncException, InterruptedException;
  }

  /** @param first the first request, already sent; null: send it now */
  private boolean read(NodeId node, HistoryReadDetails details, String what,
      @Nullable CompletableFuture<HistoryReadResult> first, ResultSink sink) throws SyncException, InterruptedException {
    ByteString cp = null;
    CompletableFuture<HistoryReadResult> sent = first;
    do {
      if (!keepGoing.getAsBoolean()) {
        if (sent != null) {
          sent.thenAccept(r -> release(node, details, r.getContinuationPoint()));
        } else {
          release(node, details, cp);
        }
        return false;
      }
      HistoryReadResult result = await(sent != null ? sent : requestAsync(node, details, cp), what);
      sent = null;
      long status = result.getStatusCode().getValue();
      if (cp == null && (status == StatusCodes.Bad_NodeIdUnknown || status == StatusCodes.Bad_HistoryOperationUnsupported)) {
        // the partner does not archive it (projects differ; 1012202 says so): nothing to copy
        LOG.info("gap resync: the partner keeps no history of {} ({}), skipped", what, result.getStatusCode());
        return true;
      }
      if (!result.getStatusCode().isGood()) {
        throw new SyncException("partner refused the history read of " + what + ": " + result.getStatusCode());
      }
      if (result.getHistoryData() != null && result.getHistoryData().getBody() != null) {
        sink.accept(result);
      }
      cp = result.getContinuationPoint();
    } while (cp != null && cp.isNotNull());
    return true;
  }

  private void release(NodeId node, HistoryReadDetails details, @Nullable ByteString cp) {
    if (cp == null || cp.isNull()) {
      return;
    }
    try {
      client.historyReadAsync(details, TimestampsToReturn.Source, true,
          List.of(new HistoryReadValueId(node, null, QualifiedName.NULL_VALUE, cp)));
    } catch (RuntimeException e) {
      // the partner drops unused points itself (bounded store); nothing to do
    }
  }

  private CompletableFuture<HistoryReadResult> requestAsync(NodeId node, HistoryReadDetails details,
      @Nullable ByteString cp) {
    return client.historyReadAsync(details, TimestampsToReturn.Both, false,
            List.of(new HistoryReadValueId(node, null, QualifiedName.NULL_VALUE, cp)))
        .thenApply(response -> {
          HistoryReadResult[] results = response.getResults();
          if (results == null || results.length != 1) {
            throw new CompletionException(new SyncException("partner answered the history read without a result"));
          }
          return results[0];
        });
  }

  /** The answer to a request; bounded by the client's request timeout, which fails the future. */
  private static HistoryReadResult await(CompletableFuture<HistoryReadResult> request, String what)
      throws SyncException, InterruptedException {
    try {
      return request.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
      if (cause instanceof SyncException s) {
        throw new SyncException(s.getMessage() + " (" + what + ")", s);
      }
      String message = "history read of " + what + " at the partner failed: " + cause.getMessage();
      throw connectionLost(cause) ? SyncException.partnerLost(message, cause) : new SyncException(message, cause);
    }
  }

  /** The asynchronous read fails with the transport's own exception (e.g. Netty's closed channel) or a status. */
  private static boolean connectionLost(Throwable cause) {
    return cause instanceof UaException ua ? CONNECTION_LOST.contains(ua.getStatusCode().getValue())
        : cause instanceof IOException;
  }

  /** Statuses of a request that never reached or never came back from the partner (it went away). */
  private static final Set<Long> CONNECTION_LOST = Set.of(
      StatusCodes.Bad_ConnectionClosed, StatusCodes.Bad_ConnectionRejected, StatusCodes.Bad_NotConnected,
      StatusCodes.Bad_ServerNotConnected, StatusCodes.Bad_SecureChannelClosed, StatusCodes.Bad_SecureChannelIdInvalid,
      StatusCodes.Bad_SessionClosed, StatusCodes.Bad_SessionIdInvalid, StatusCodes.Bad_SessionNotActivated,
      StatusCodes.Bad_CommunicationError, StatusCodes.Bad_NoCommunication, StatusCodes.Bad_Disconnect,
      StatusCodes.Bad_Timeout, StatusCodes.Bad_RequestTimeout, StatusCodes.Bad_ServerHalted, StatusCodes.Bad_Shutdown,
      StatusCodes.Bad_TcpInternalError);

  /** The event fields the resync asks for, in this order (those the partner's message archive keeps). */
  static final String[] EVENT_FIELDS = {
    "EventId", "EventType", "SourceNode", "SourceName", "Time", "ReceiveTime", "Message", "Severity",
    "ConditionName", "ActiveState/Id", "AckedState/Id", "Retain", "EnabledState/Id", "Comment"
  };

  static final EventFilter EVENT_FILTER = eventFilter();

  private static EventFilter eventFilter() {
    SimpleAttributeOperand[] clauses = new SimpleAttributeOperand[EVENT_FIELDS.length];
    for (int i = 0; i < EVENT_FIELDS.length; i++) {
      String[] parts = EVENT_FIELDS[i].split("/");
      QualifiedName[] path = new QualifiedName[parts.length];
      for (int p = 0; p < parts.length; p++) {
        path[p] = new QualifiedName(0, parts[p]);
      }
      NodeId type = i < 8 ? NodeIds.BaseEventType : NodeIds.AcknowledgeableConditionType;
      clauses[i] = new SimpleAttributeOperand(type, path, AttributeId.Value.uid(), null);
    }
    return new EventFilter(clauses, new ContentFilter(null));
  }
}
