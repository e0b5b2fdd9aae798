package io.twinua.tools.hmi;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.twinua.switcher.Event;
import io.twinua.switcher.RedundantClient;
import io.twinua.switcher.Sample;
import io.twinua.switcher.ServerHealth;
import io.twinua.switcher.SwitchEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every page shows, from one shared client of the set: the plant's values (subscribed once,
 * backfilled by the library after a switch), the alarms, the servers and the switch history.
 * Pushes each change to the pages; a page that opens gets the current picture first.
 */
final class LiveFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
  /** Samples go out in batches: one SSE message per tick instead of one per value. */
  private static final Duration BATCH = Duration.ofMillis(200);
  private static final int SWITCHES_KEPT = 50;
  private static final String MASTER_NAME = "@RM_MASTER_NAME";

  private final RedundantClient client;
  private final Push push;
  private final ExecutorService work;
  private final ScheduledExecutorService ticks;
  private final Map<String, Map<String, Object>> latest = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Map<String, Object>> unsent = new ConcurrentLinkedQueue<>();
  private final AlarmBoard alarms = new AlarmBoard();
  private final Deque<SwitchEvent> switches = new ArrayDeque<>();
  private final List<AutoCloseable> subscriptions = new ArrayList<>();
  private volatile PlantTree tree = new PlantTree(List.of());
  private volatile Map<String, Object> status = Map.of("current", "", "servers", List.of(), "switches", List.of());

  LiveFeed(RedundantClient client, Push push, ExecutorService work, ScheduledExecutorService ticks) {
    this.client = client;
    this.push = push;
    this.work = work;
    this.ticks = ticks;
  }

  /** Connects, browses the plant from the first server and subscribes it; completes with the server. */
  CompletableFuture<String> start(Duration timeout) {
    client.addSwitchListener(this::switched);
    return client.start(timeout)
        .thenComposeAsync(first -> client.onCurrent(c -> CompletableFuture.supplyAsync(() -> browse(c), work)), work)
        .thenApplyAsync(browsed -> {
          tree = browsed;
          LOG.info("plant: {} variables", browsed.variables().size());
          subscriptions.add(client.subscribe(browsed.variables().stream().map(PlantTree.Variable::node).toList(), this::sampled));
          subscriptions.add(client.subscribeEvents("i=2253", AlarmBoard.filter(), this::evented));
          ticks.scheduleWithFixedDelay(this::flush, BATCH.toMillis(), BATCH.toMillis(), TimeUnit.MILLISECONDS);
          // servers() waits for the switcher's decision thread: off the tick thread, which flushes samples
          ticks.scheduleWithFixedDelay(() -> work.execute(this::refreshStatus), 0, 1, TimeUnit.SECONDS);
          return client.currentServer().orElse("");
        }, work);
  }

  private static PlantTree browse(OpcUaClient c) {
    try {
      return PlantTree.browse(c);
    } catch (UaException e) {
      throw new CompletionException(e);
    }
  }

  PlantTree tree() {
    return tree;
  }

  AlarmBoard alarms() {
    return alarms;
  }

  RedundantClient client() {
    return client;
  }

  /** The current picture for a page that just opened. */
  void greet(io.javalin.http.sse.SseClient page) {
    push.sendTo(page, "samples", List.copyOf(latest.values()));
    push.sendTo(page, "alarms", alarms.list());
    push.sendTo(page, "status", status);
  }

  private void sampled(Sample s) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("node", s.node());
    v.put("value", ValueText.of(s.value().getValue().getValue()));
    v.put("status", ValueText.status(s.value().getStatusCode()));
    v.put("t", s.sourceTime().toEpochMilli());
    v.put("server", s.serverUri());
    v.put("backfill", s.backfill());
    latest.put(s.node(), v);
    unsent.add(v);
  }

  private void flush() {
    List<Map<String, Object>> batch = new ArrayList<>();
    for (Map<String, Object> v; (v = unsent.poll()) != null; ) {
      batch.add(v);
    }
    if (!batch.isEmpty()) {
      push.send("samples", batch);
    }
  }

  private void evented(Event e) {
    if (alarms.apply(e)) {
      push.send("alarms", alarms.list());
    }
  }

  private void switched(SwitchEvent e) {
    synchronized (switches) {
      switches.addFirst(e);
      while (switches.size() > SWITCHES_KEPT) {
        switches.removeLast();
      }
    }
    work.execute(this::refreshStatus);
  }

  /** Servers, roles and switches; pushed when anything in them changed. */
  private synchronized void refreshStatus() {
    try {
      List<ServerHealth> servers = client.servers();
      Object masterName = latest.entrySet().stream().filter(e -> e.getKey().endsWith("=" + MASTER_NAME))
          .map(e -> e.getValue().get("value")).filter(Objects::nonNull).findFirst().orElse("");
      String current = client.currentServer().orElse("");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (ServerHealth h : servers) {
        Map<String, Object> row = new LinkedHashMap<>();
        String name = h.serverUri().substring(h.serverUri().lastIndexOf(':') + 1);
        row.put("uri", h.serverUri());
        row.put("name", name);
        row.put("reachable", h.reachable());
        row.put("serviceLevel", h.serviceLevel());
        row.put("state", String.valueOf(h.state()));
        row.put("healthy", h.healthy());
        row.put("role", !h.reachable() ? "unreachable" : name.equals(masterName) ? "Master" : "Standby");
        row.put("lastFault", h.lastFault());
        row.put("current", h.serverUri().equals(current));
        rows.add(row);
      }
      List<Map<String, Object>> history = new ArrayList<>();
      synchronized (switches) {
        for (SwitchEvent e : switches) {
          history.add(Map.of("from", String.valueOf(e.from()), "to", e.to(), "reason", e.reason(),
              "automatic", e.automatic(), "at", e.at().toString()));
        }
      }
      Map<String, Object> now = Map.of("current", current, "masterName", masterName, "servers", rows, "switches", history);
      if (!now.equals(status)) {
        status = now;
        push.send("status", now);
      }
    } catch (RuntimeException e) {
      LOG.debug("status not refreshed: {}", e.toString());
    }
  }

  /** Raw history of {@code node} from {@code from} until now, oldest first, as [epoch ms, value] pairs. */
  CompletableFuture<List<Object[]>> history(String node, Instant from) {
    return client.onCurrent(c -> CompletableFuture.supplyAsync(() -> readHistory(c, node, from), work));
  }

  private static List<Object[]> readHistory(OpcUaClient c, String node, Instant from) {
    NodeId id = ExpandedNodeId.parse(node).toNodeId(c.getNamespaceTable())
        .orElseThrow(() -> new CompletionException(new UaException(StatusCodes.Bad_NodeIdUnknown, node)));
    var details = new ReadRawModifiedDetails(false, new DateTime(from), new DateTime(Instant.now().plusSeconds(5)), uint(0), false);
    List<Object[]> points = new ArrayList<>();
    ByteString continuation = ByteString.NULL_VALUE;
    try {
      do {
        HistoryReadResult r = c.historyRead(details, TimestampsToReturn.Source, false,
            List.of(new HistoryReadValueId(id, null, QualifiedName.NULL_VALUE, continuation))).getResults()[0];
        if (r.getStatusCode().isBad()) {
          throw new UaException(r.getStatusCode(), "history of " + node);
        }
        if (r.getHistoryData() != null && !r.getHistoryData().isNull()
            && r.getHistoryData().decode(c.getStaticEncodingContext()) instanceof HistoryData data && data.getDataValues() != null) {
          for (DataValue v : data.getDataValues()) {
            if (v.getSourceTime() != null) {
              points.add(new Object[] {v.getSourceTime().getJavaInstant().toEpochMilli(), ValueText.of(v.getValue().getValue())});
            }
          }
        }
        continuation = r.getContinuationPoint();
      } while (continuation != null && continuation.isNotNull());
    } catch (UaException e) {
      throw new CompletionException(e);
    }
    return points;
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable s : subscriptions) {
      s.close();
    }
  }
}
