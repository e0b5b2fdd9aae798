package io.twinua.switcher;

import io.twinua.switcher.discovery.Connector;
import io.twinua.switcher.discovery.ServerSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OPC UA client of a non-transparent redundant server set that always uses one server of it:
 * the preferred one while it is Healthy, the best other when it fails, and the preferred one
 * again after the hold-off. Subscriptions survive the switches (see {@link #subscribe}).
 *
 * <p>Threads: the library owns two, both ended by {@link #close}: the decision thread (every
 * server link, the switch policy) and the delivery thread (samples and switch events to the
 * application, in order). Milo callbacks only hop onto them.
 */
public final class RedundantClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedundantClient.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final SwitcherConfig config;
  private final Clock clock;
  private final ScheduledExecutorService decisions;
  private final ExecutorService delivery;
  private final SwitchPolicy policy;
  private final List<SwitchListener> switchListeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<String> firstServer = new CompletableFuture<>();
  private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();

  // decision-thread state
  private final Map<String, ServerLink> links = new LinkedHashMap<>();
  private final List<DataFeed> feeds = new ArrayList<>();
  private final List<EventFeed> eventFeeds = new ArrayList<>();
  /** Warm/Hot: the client of each backup server the feeds have a standby subscription in. */
  private final Map<String, OpcUaClient> prepared = new LinkedHashMap<>();
  private Preference manual;
  private boolean closed;
  private Instant startedAt;
  private volatile String current;
  /** The last server used, for the "from" of the next switch after a time with none. */
  private String previous;

  private RedundantClient(SwitcherConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    int n = INSTANCES.incrementAndGet();
    this.decisions = Executors.newSingleThreadScheduledExecutor(named("twinua-switcher-" + n + "-decisions"));
    this.delivery = Executors.newSingleThreadExecutor(named("twinua-switcher-" + n + "-delivery"));
    this.policy = new SwitchPolicy(config.holdOff());
  }

  public static RedundantClient create(SwitcherConfig config) {
    return new RedundantClient(config, Clock.systemUTC());
  }

  /**
   * Discovers the set, opens a session to each server and connects to the first chosen one.
   *
   * @return the server URI first connected to; fails with Bad_NotConnected when no server of
   *     the set can be reached within {@code timeout}
   */
  public CompletableFuture<String> start(Duration timeout) {
    if (started.getAndSet(true)) {
      return firstServer;
    }
    var connector = new Connector(config.connection(), config::accessFor, config.trust());
    ServerSet.discover(config.urls(), connector).whenCompleteAsync((set, ex) -> {
      if (ex != null) {
        firstServer.completeExceptionally(ex);
        return;
      }
      if (closed) {
        return;
      }
      startedAt = clock.instant();
      for (ServerSet.Member m : set.servers()) {
        var link = new ServerLink(m, connector, config, decisions, clock, this::evaluate);
        links.put(m.serverUri(), link);
        link.open();
      }
    }, decisions);
    decisions.schedule(() -> firstServer.completeExceptionally(
        new UaException(StatusCodes.Bad_NotConnected, "no server of " + config.urls() + " reachable within " + timeout)),
        timeout.toMillis(), TimeUnit.MILLISECONDS);
    return firstServer;
  }

  /** The server in use now ({@code @RM_SERVER_NAME}), empty while none is reachable. */
  public Optional<String> currentServer() {
    return Optional.ofNullable(current);
  }

  /**
   * The Milo client of the current server, for reads, writes, calls and history reads. A call
   * that fails because the server was just lost is not retried on the next one: the caller sees
   * the failure and decides.
   */
  public Optional<OpcUaClient> currentClient() {
    return onDecisions(() -> current == null ? Optional.<OpcUaClient>empty() : links.get(current).client());
  }

  /**
   * Runs one request on the current server's client. It is never retried on another server: a
   * request that fails because the server was just lost (a write, a method call) fails here and
   * the caller decides, so nothing is lost silently or sent twice. Fails with Bad_NotConnected
   * while no server is reachable; any other failure is a {@link UaException} with the cause's
   * status (e.g. Bad_ConnectionClosed, Bad_Timeout) whose message names the server and says the
   * outcome there is unknown.
   */
  public <T> CompletableFuture<T> onCurrent(java.util.function.Function<OpcUaClient, CompletableFuture<T>> request) {
    return CompletableFuture.supplyAsync(() -> current == null ? Optional.<Target>empty()
            : links.get(current).client().map(c -> new Target(current, c)), decisions)
        .thenCompose(target -> target.isEmpty()
            ? CompletableFuture.failedFuture(new UaException(StatusCodes.Bad_NotConnected, "no server of the set is reachable; not sent"))
            : sendOnce(target.get(), request));
  }

  /**
   * Writes one value to the current server ({@code node} as text, {@code nsu=} resolved there).
   * Completes with the server's status for the write; fails as {@link #onCurrent} does, and is
   * never sent to another server.
   */
  public CompletableFuture<StatusCode> write(String node, DataValue value) {
    ExpandedNodeId id = ExpandedNodeId.parse(node);
    return onCurrent(c -> resolve(c, id).thenCompose(nodeId -> c.writeValuesAsync(List.of(nodeId), List.of(value))))
        .thenApply(results -> results.get(0));
  }

  /** Calls one method on the current server; fails as {@link #onCurrent} does, never sent twice. */
  public CompletableFuture<CallMethodResult> call(CallMethodRequest request) {
    return onCurrent(c -> c.callAsync(List.of(request))).thenApply(r -> r.getResults()[0]);
  }

  private record Target(String serverUri, OpcUaClient client) {}

  private static <T> CompletableFuture<T> sendOnce(Target target,
      java.util.function.Function<OpcUaClient, CompletableFuture<T>> request) {
    CompletableFuture<T> sent;
    try {
      sent = request.apply(target.client());
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return sent.handle((result, ex) -> {
      if (ex == null) {
        return result;
      }
      Throwable cause = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null ? ex.getCause() : ex;
      long status = UaException.extractStatusCode(cause).map(StatusCode::getValue).orElse(StatusCodes.Bad_UnexpectedError);
      throw new java.util.concurrent.CompletionException(new UaException(status, "request to " + target.serverUri()
          + " failed (" + cause.getMessage() + "); its outcome there is unknown and it was not sent to another server", cause));
    });
  }

  private static CompletableFuture<NodeId> resolve(OpcUaClient client, ExpandedNodeId id) {
    if (id.isLocal()) {
      return CompletableFuture.completedFuture(id.toNodeId(client.getNamespaceTable()).orElseThrow());
    }
    return client.readNamespaceTableAsync().thenApply(table -> id.toNodeId(table)
        .orElseThrow(() -> new java.util.concurrent.CompletionException(
            new UaException(StatusCodes.Bad_NodeIdUnknown, "namespace of " + id + " unknown on the current server"))));
  }

  /** Health of every server of the set as the switcher sees it, in set order. */
  public List<ServerHealth> servers() {
    return onDecisions(this::healths);
  }

  public void addSwitchListener(SwitchListener listener) {
    switchListeners.add(listener);
  }

  /**
   * Moves to {@code serverUri} now and stays there while it is Healthy (it becomes the
   * preference until {@link #resumePreference}). Fails with Bad_NotConnected if it is not
   * reachable.
   */
  public CompletableFuture<SwitchEvent> switchTo(String serverUri) {
    var done = new CompletableFuture<SwitchEvent>();
    decisions.execute(() -> {
      ServerLink link = links.get(serverUri);
      if (link == null || link.client().isEmpty()) {
        done.completeExceptionally(new UaException(StatusCodes.Bad_NotConnected, serverUri + " is not reachable"));
        return;
      }
      manual = Preference.server(serverUri);
      done.complete(serverUri.equals(current) ? null : moveTo(link, "manual switch", false));
    });
    return done;
  }

  /** Back to the configured preference after a {@link #switchTo}. */
  public void resumePreference() {
    decisions.execute(() -> {
      manual = null;
      evaluate();
    });
  }

  /**
   * Subscribes data items once for the life of this client: on every switch the items are
   * created on the new server and the gap is read from its history, so {@code listener} gets
   * every sample of every historized node exactly once, in source-time order per node.
   *
   * @param nodes node ids as text ({@code ns=2;s=...} or {@code nsu=<uri>;s=...})
   * @return closes the subscription
   */
  public AutoCloseable subscribe(List<String> nodes, SampleListener listener) {
    var feed = new DataFeed(nodes, listener, config, delivery, clock, this::reportFault);
    decisions.execute(() -> {
      feeds.add(feed);
      if (current != null) {
        links.get(current).client().ifPresent(c -> feed.moveTo(current, c));
      }
      prepared.forEach(feed::prepare);
    });
    return () -> decisions.execute(() -> {
      feeds.remove(feed);
      feed.close();
    });
  }

  /**
   * Subscribes events once for the life of this client: on every switch the event item is
   * created on the new server and ConditionRefresh is called there, so {@code listener} gets the
   * current state of every retained condition (flagged {@link Event#refresh()}), then new events.
   *
   * @param notifier the node whose events are wanted, as text (e.g. {@code i=2253}, the Server object)
   * @param filter select and where clauses, as for any event item; the {@link Event#fields()}
   *     follow its select clauses
   * @return closes the subscription
   */
  public AutoCloseable subscribeEvents(String notifier, EventFilter filter, EventListener listener) {
    var feed = new EventFeed(notifier, filter, listener, config, delivery, clock, this::reportFault);
    decisions.execute(() -> {
      eventFeeds.add(feed);
      if (current != null) {
        links.get(current).client().ifPresent(c -> feed.moveTo(current, c));
      }
    });
    return () -> decisions.execute(() -> {
      eventFeeds.remove(feed);
      feed.close();
    });
  }

  /** A feed saw {@code uri} fail: the link counts it as lost. */
  private void reportFault(String uri, String reason) {
    decisions.execute(() -> {
      ServerLink link = links.get(uri);
      if (link != null) {
        link.reportLost(reason);
      }
    });
  }

  /** Runs after every change a link sees: the policy decides, this carries it out. */
  private void evaluate() {
    if (closed) {
      return;
    }
    if (current == null && !links.values().stream().allMatch(ServerLink::settled)
        && clock.instant().isBefore(startedAt.plus(config.connection().connectTimeout()))) {
      return; // first choice: hear from every server (or the connect timeout) so the preferred one can win
    }
    Preference preference = manual != null ? manual : config.preference();
    prepareBackups();
    policy.decide(current, healths(), preference, clock.instant())
        .ifPresentOrElse(
            move -> moveTo(links.get(move.to()), move.reason(), true),
            () -> {
              if (current != null && !links.get(current).health().reachable()) {
                LOG.warn("{} lost and no other server usable; waiting", current);
                previous = current;
                current = null;
              }
            });
  }

  /** Hands each (re)connected backup to the feeds and forgets lost ones (Warm/Hot standby). */
  private void prepareBackups() {
    for (ServerLink link : links.values()) {
      String uri = link.serverUri();
      Optional<OpcUaClient> client = link.client();
      if (client.isEmpty()) {
        if (prepared.remove(uri) != null) {
          feeds.forEach(f -> f.forget(uri));
        }
      } else if (prepared.get(uri) != client.get()) {
        prepared.put(uri, client.get());
        if (!uri.equals(current)) {
          feeds.forEach(f -> f.prepare(uri, client.get()));
        }
      }
    }
  }

  private SwitchEvent moveTo(ServerLink link, String reason, boolean automatic) {
    OpcUaClient client = link.client().orElseThrow();
    String from = current != null ? current : previous;
    current = link.serverUri();
    var event = new SwitchEvent(from, current, reason, automatic, clock.instant());
    LOG.info("switch {} -> {} ({}, {})", from, current, reason, automatic ? "automatic" : "manual");
    delivery.execute(() -> switchListeners.forEach(l -> {
      try {
        l.onSwitch(event);
      } catch (RuntimeException e) {
        LOG.warn("switch listener failed", e);
      }
    }));
    feeds.forEach(f -> f.moveTo(current, client));
    eventFeeds.forEach(f -> f.moveTo(current, client));
    firstServer.complete(current);
    return event;
  }

  private List<ServerHealth> healths() {
    return links.values().stream().map(ServerLink::health).toList();
  }

  /** Closes every session and both threads; waits at most a few seconds for the sessions. */
  @Override
  public void close() {
    CompletableFuture<List<CompletableFuture<Void>>> closing = new CompletableFuture<>();
    decisions.execute(() -> {
      closed = true;
      feeds.forEach(DataFeed::close);
      feeds.clear();
      eventFeeds.forEach(EventFeed::close);
      eventFeeds.clear();
      closing.complete(links.values().stream().map(ServerLink::close).toList());
    });
    try {
      List<CompletableFuture<Void>> sessions = closing.get(5, TimeUnit.SECONDS);
      CompletableFuture.allOf(sessions.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("closing sessions: {}", e.toString());
    } finally {
      decisions.shutdownNow();
      delivery.shutdown();
      try {
        // a poll answer may still be running on the decisions thread: no thread outlives close()
        // (unless close() was called from one of ours, which must not wait for itself)
        if (!Thread.currentThread().getName().startsWith("twinua-switcher-")) {
          decisions.awaitTermination(5, TimeUnit.SECONDS);
          delivery.awaitTermination(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      delivery.shutdownNow();
    }
  }

  private <T> T onDecisions(java.util.concurrent.Callable<T> read) {
    try {
      return decisions.submit(read).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
