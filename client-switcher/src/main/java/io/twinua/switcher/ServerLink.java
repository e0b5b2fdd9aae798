package io.twinua.switcher;

import io.twinua.switcher.discovery.Connector;
import io.twinua.switcher.discovery.ServerSet;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.ServerState;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session to one server of the set and the watch on its health: a short keep-alive read of
 * ServiceLevel and ServerState every poll interval, and Milo's session-inactive signal for a
 * closed connection. A lost server's client is dropped without waiting for it
 * ({@code disconnectAsync}) and a fresh one is tried after the retry interval; Milo's own
 * reconnect back-off (1..16 s, not configurable in 1.1.2) would be far too slow.
 *
 * <p>Confined to the switcher's decision thread: every method runs there, every Milo callback
 * hops there first.
 */
final class ServerLink {

  private static final Logger LOG = LoggerFactory.getLogger(ServerLink.class);
  /** Read every poll; a process-fault node, if configured, is appended. */
  private static final List<NodeId> WATCHED =
      List.of(NodeIds.Server_ServiceLevel, NodeIds.Server_ServerStatus_State, NodeIds.Server_EstimatedReturnTime);

  private final ServerSet.Member member;
  private final Connector connector;
  private final SwitcherConfig config;
  private final ScheduledExecutorService decisions;
  private final Clock clock;
  private final Runnable onChange;

  private OpcUaClient client;
  private ServerHealth health;
  /** Bumped on every connect and loss, so late callbacks of an old client are ignored. */
  private long generation;
  private int failedPolls;
  /** What the polls of the current connection read (the process-fault node resolved there). */
  private List<NodeId> watched = WATCHED;
  private boolean closed;
  private boolean settled;
  private ScheduledFuture<?> pending;
  private CompletableFuture<OpcUaClient> connecting = CompletableFuture.completedFuture(null);

  ServerLink(ServerSet.Member member, Connector connector, SwitcherConfig config,
      ScheduledExecutorService decisions, Clock clock, Runnable onChange) {
    this.member = member;
    this.connector = connector;
    this.config = config;
    this.decisions = decisions;
    this.clock = clock;
    this.onChange = onChange;
    this.health = ServerHealth.unknown(member.serverUri());
  }

  String serverUri() {
    return member.serverUri();
  }

  ServerHealth health() {
    return health;
  }

  /** True once the first connect attempt has an answer (health read, or failure). */
  boolean settled() {
    return settled;
  }

  /** The connected client, while the server is reachable. */
  Optional<OpcUaClient> client() {
    return health.reachable() ? Optional.ofNullable(client) : Optional.empty();
  }

  void open() {
    long gen = ++generation;
    connecting = connector.connect(member.url());
    connecting.whenCompleteAsync((c, ex) -> connected(gen, c, ex), decisions);
  }

  private void connected(long gen, OpcUaClient c, Throwable ex) {
    if (closed || gen != generation) {
      if (c != null) {
        c.disconnectAsync();
      }
      return;
    }
    if (ex != null) {
      String fault = "connect failed: " + Connector.describe(ex);
      if (!fault.equals(health.lastFault())) {
        LOG.info("{}: {}", serverUri(), fault);
      }
      // a return time announced before a planned stop still holds while the server is away
      health = new ServerHealth(serverUri(), false, -1, ServerState.Unknown, Optional.empty(), fault,
          health.returnsAt().filter(clock.instant()::isBefore), false);
      settled = true;
      retryLater();
      onChange.run();
      return;
    }
    client = c;
    failedPolls = 0;
    c.addSessionActivityListener(new SessionActivityListener() {
      @Override
      public void onSessionInactive(UaSession session) {
        decisions.execute(() -> lost(gen, "session lost"));
      }
    });
    LOG.info("{}: connected ({})", serverUri(), c.getConfig().getEndpoint().getEndpointUrl());
    watched(c).whenCompleteAsync((ids, ex2) -> {
      if (ex2 != null) {
        LOG.warn("{}: process-fault node {} not found there ({}); not watched", serverUri(),
            config.processFaultNode().orElse(""), Connector.describe(ex2));
      }
      watched = ids != null ? ids : WATCHED;
      poll(gen);
    }, decisions);
  }

  /** {@link #WATCHED} plus the process-fault node, resolved in this server's namespace table. */
  private CompletableFuture<List<NodeId>> watched(OpcUaClient c) {
    if (config.processFaultNode().isEmpty()) {
      return CompletableFuture.completedFuture(WATCHED);
    }
    ExpandedNodeId node = ExpandedNodeId.parse(config.processFaultNode().get());
    return c.readNamespaceTableAsync().thenApply(table -> {
      var ids = new java.util.ArrayList<>(WATCHED);
      ids.add(node.toNodeId(table).orElseThrow(() -> new IllegalArgumentException("namespace unknown")));
      return List.copyOf(ids);
    });
  }

  private void poll(long gen) {
    if (closed || gen != generation) {
      return;
    }
    client.readValuesAsync(0.0, TimestampsToReturn.Neither, watched)
        .orTimeout(config.pollTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenCompleteAsync((values, ex) -> polled(gen, values, ex), decisions);
  }

  private void polled(long gen, List<DataValue> values, Throwable ex) {
    if (closed || gen != generation) {
      return;
    }
    if (ex != null) {
      if (++failedPolls > config.pollFailuresAllowed()) {
        lost(gen, "keep-alive read failed " + failedPolls + "x: " + Connector.describe(ex));
        return;
      }
    } else {
      failedPolls = 0;
      int level = values.get(0).getValue().getValue() instanceof Number n ? n.intValue() : -1;
      ServerState state = values.get(1).getValue().getValue() instanceof Integer i && ServerState.from(i) != null
          ? ServerState.from(i) : ServerState.Unknown;
      Instant now = clock.instant();
      // Part 4 §6.6.2.4.2: a return time counts once announced in Maintenance, and as long as the
      // server still publishes it (a restarted server has none: it is back)
      Optional<Instant> published = instant(values.get(2)).filter(now::isBefore);
      Optional<Instant> returnsAt = level == ServerHealth.MAINTENANCE || health.returnsAt().isPresent()
          ? published : Optional.empty();
      boolean processFault = values.size() > WATCHED.size() && faulted(values.get(WATCHED.size()));
      update(true, level, state, health.lastFault(), returnsAt, processFault);
      settled = true;
    }
    // a failed read is retried at once: a silent cut is then known after (failures + 1) timeouts
    long next = ex != null ? 0 : config.pollInterval().toMillis();
    pending = decisions.schedule(() -> poll(gen), next, TimeUnit.MILLISECONDS);
    onChange.run();
  }

  /** Someone else saw this server fail (e.g. the data subscription's keep-alive watchdog). */
  void reportLost(String reason) {
    lost(generation, reason);
  }

  private void lost(long gen, String reason) {
    if (closed || gen != generation || client == null) {
      return;
    }
    LOG.info("{}: lost ({})", serverUri(), reason);
    generation++;
    OpcUaClient dead = client;
    client = null;
    dead.disconnectAsync(); // never wait on a dead server
    update(false, -1, ServerState.Unknown, reason, health.returnsAt(), false);
    retryLater();
    onChange.run();
  }

  private void update(boolean reachable, int level, ServerState state, String fault, Optional<Instant> returnsAt,
      boolean processFault) {
    var next = new ServerHealth(serverUri(), reachable, level, state, Optional.empty(), fault, returnsAt, processFault);
    Optional<Instant> since = next.healthy() ? health.healthySince().or(() -> Optional.of(clock.instant())) : Optional.empty();
    health = new ServerHealth(serverUri(), reachable, level, state, since, fault, returnsAt, processFault);
  }

  private static Optional<Instant> instant(DataValue value) {
    return value.getStatusCode() != null && value.getStatusCode().isGood()
        && value.getValue().getValue() instanceof DateTime t && t.isValid() && t.getUtcTime() > 0
        ? Optional.of(t.getJavaInstant()) : Optional.empty();
  }

  /** A Boolean true or a non-zero number; a bad status (node gone) is no fault. */
  private static boolean faulted(DataValue value) {
    if (value.getStatusCode() == null || !value.getStatusCode().isGood()) {
      return false;
    }
    Object v = value.getValue().getValue();
    return v instanceof Boolean b ? b : v instanceof Number n && n.longValue() != 0;
  }

  private void retryLater() {
    cancelPending();
    pending = decisions.schedule(() -> {
      if (!closed) {
        open();
      }
    }, config.retryInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void cancelPending() {
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
  }

  /** Ends the session; the future completes when the server has it closed (or the attempt failed). */
  CompletableFuture<Void> close() {
    closed = true;
    generation++;
    cancelPending();
    OpcUaClient c = client;
    client = null;
    health = ServerHealth.unknown(serverUri());
    // a connect still under way ends in a session too: close that one as well
    CompletableFuture<?> late = connecting.handle((x, ex) -> x).thenCompose(x -> x == null
        ? CompletableFuture.completedFuture(null) : x.disconnectAsync());
    CompletableFuture<?> now = c == null ? CompletableFuture.completedFuture(null) : c.disconnectAsync();
    return CompletableFuture.allOf(late, now).handle((x, ex) -> null);
  }
}
