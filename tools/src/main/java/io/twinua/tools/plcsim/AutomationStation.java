package io.twinua.tools.plcsim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated PLC: its tags, its own Milo server (own endpoint and port, so it can fail alone)
 * and its ground-truth log.
 *
 * <p>Each update of the simulator clock produces a new DataValue for every tag whose value
 * differs from the one it produced last; an unchanged value (a square wave between edges, a step
 * signal within its step, a sine that happens to repeat) is not republished. Counters change on
 * every update, so they are published every time (Distribution.Pump3.Faults, +1 every 10
 * updates, every 10th). All values of one update carry the update's time as source and server
 * timestamp (a Read returns Milo's time of the read as server timestamp). When the AS comes
 * online (at start and after {@link #stop()}/{@link #start()}) it publishes every tag once at the
 * current update, so a reconnecting client's initial values are in the ground truth too. While
 * offline the AS produces and logs nothing.
 *
 * <p>A stopped AS has no server at all: clients see the connection drop. {@link #start()} builds
 * a fresh Milo server, since a shut-down OpcUaServer cannot be started again.
 */
public final class AutomationStation {

  private static final Logger log = LoggerFactory.getLogger(AutomationStation.class);

  private final String name;
  private final String bindAddress;
  private final int port;
  private final List<PlantTag> tags;
  private final UpdateClock clock;
  private final SimExecutors executors;
  private final TruthLog truth;
  private final Path downFile;

  /** Serialises start and stop; never held by the clock thread. */
  private final Object lifecycle = new Object();
  /** The serving server; volatile for the session guard, see {@link MiloTypeCache}. */
  private volatile OpcUaServer server;

  /** Guards the produced values; start/stop hold it only briefly. */
  private final Object values = new Object();
  /** Producing values: set just before the endpoint is bound, cleared first on stop. */
  private boolean online;
  private long lastProduced = -1;
  private final Object[] lastValues;
  private final DataValue[] current;
  /** Values clients wrote to writable tags; they replace the tag's signal. */
  private final Object[] written;
  private StationNamespace namespace;
  /** True between producing and binding; truth lines wait in pendingTruth meanwhile. */
  private boolean starting;
  private final List<TruthLine> pendingTruth = new ArrayList<>();
  /** The last values were produced by a start that failed, so they are not in the truth log. */
  private boolean unlogged;

  AutomationStation(
      String name,
      String bindAddress,
      int port,
      List<PlantTag> tags,
      UpdateClock clock,
      SimExecutors executors,
      TruthLog truth,
      Path downFile) {
    this.name = name;
    this.bindAddress = bindAddress;
    this.port = port;
    this.tags = List.copyOf(tags);
    this.clock = clock;
    this.executors = executors;
    this.truth = truth;
    this.downFile = downFile;
    this.lastValues = new Object[tags.size()];
    this.current = new DataValue[tags.size()];
    this.written = new Object[tags.size()];
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public String endpointUrl() {
    return PlcServerFactory.endpointUrl(bindAddress, port);
  }

  /** {@code urn:twinua:plcsim:<AS>}, namespace index 2 on the AS server. */
  public String namespaceUri() {
    return "urn:twinua:plcsim:" + name;
  }

  public List<PlantTag> tags() {
    return tags;
  }

  public PlantTag tag(String tagName) {
    return tags.stream()
        .filter(t -> t.name().equals(tagName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("AS " + name + " has no tag " + tagName));
  }

  public Path truthFile() {
    return truth.file();
  }

  /**
   * The control file {@code <dir>/<AS>.down}: while it exists the simulator keeps this AS offline
   * (checked every 200 ms), so a test in another process can cut the AS.
   */
  public Path downFile() {
    return downFile;
  }

  /** True once {@link #start()} has bound the endpoint, until {@link #stop()}. */
  public boolean isOnline() {
    return server != null;
  }

  /**
   * Brings the AS online: a new server on its port, every tag published at the current update.
   * No-op if already online. Throws if the port cannot be bound.
   */
  public void start() {
    synchronized (lifecycle) {
      if (server != null) {
        return;
      }
      // a late session on a stopped server may have re-cached them from its dead nodes
      MiloTypeCache.forgetSessionDiagnosticsTypes();
      OpcUaServer newServer = PlcServerFactory.create(name, bindAddress, port, executors);
      MiloTypeCache.guard(newServer, () -> server == newServer);
      var newNamespace =
          new StationNamespace(newServer, namespaceUri(), name, tags, initialNodeValues(), this::onWritten);
      if (newNamespace.getNamespaceIndex().intValue() != 2) {
        throw new IllegalStateException(
            "AS " + name + ": namespace got index " + newNamespace.getNamespaceIndex() + ", not 2");
      }
      newNamespace.startup();
      // produce before binding so the first client already reads real values; the truth lines
      // wait until the bind succeeded, an AS that never came online produced nothing
      goOnline(newNamespace);
      try {
        newServer.startup().get(30, TimeUnit.SECONDS);
        if (newServer.getBoundEndpoints().size() != 1) {
          throw new IllegalStateException("endpoint not bound");
        }
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        abandon(newServer, newNamespace);
        throw new IllegalStateException(
            "AS " + name + ": cannot serve " + endpointUrl() + " (port in use?)", cause(e));
      } catch (InterruptedException e) {
        abandon(newServer, newNamespace);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("AS " + name + ": interrupted while starting", e);
      }
      confirmOnline();
      truth.flush(); // the first values are on disk before anyone could have read them
      server = newServer;
      log.info(
          "AS {} online at {} with {} tags (ns=2, {})",
          name, endpointUrl(), tags.size(), namespaceUri());
    }
  }

  /** Takes the AS offline: it stops producing, its log is flushed, its server shut down. */
  public void stop() {
    synchronized (lifecycle) {
      OpcUaServer stopping = server;
      if (stopping == null) {
        return;
      }
      server = null; // from here on its session events are those of a dying server
      StationNamespace oldNamespace = goOffline();
      truth.flush();
      try {
        stopping.shutdown().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        log.warn("AS {}: server shutdown did not complete cleanly", name, cause(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        oldNamespace.shutdown();
      }
      log.info("AS {} offline", name);
    }
  }

  /** Called by the clock thread for every update. */
  void onUpdate(UpdateClock.Tick tick) {
    synchronized (values) {
      if (online && tick.n() > lastProduced) {
        produce(tick, false);
      }
    }
  }

  /**
   * A client wrote {@code value} (type-checked by Milo) to writable tag {@code index}: it is the
   * tag's value from now on, published at once with the current time and logged as truth.
   */
  private void onWritten(int index, Object value) {
    PlantTag tag = tags.get(index);
    synchronized (values) {
      written[index] = value;
      publish(index, tag, value, DateTime.now());
    }
    log.info("AS {}: setpoint {} := {} (client write)", name, tag.name(), GroundTruth.formatValue(value));
  }

  void flushTruth() {
    truth.flush();
  }

  void closeTruth() {
    truth.close();
  }

  private DataValue[] initialNodeValues() {
    synchronized (values) {
      var initial = current.clone();
      for (int i = 0; i < initial.length; i++) {
        if (initial[i] == null) {
          initial[i] = new DataValue(new StatusCode(StatusCodes.Bad_WaitingForInitialData));
        }
      }
      return initial;
    }
  }

  private void goOnline(StationNamespace newNamespace) {
    synchronized (values) {
      starting = true;
      UpdateClock.Tick tick = clock.current();
      if (tick.n() > lastProduced || unlogged) {
        produce(tick, true);
      }
      // the nodes were built from a snapshot; bring them to the values produced so far
      for (int i = 0; i < current.length; i++) {
        newNamespace.publish(i, current[i]);
      }
      namespace = newNamespace;
      online = true;
    }
  }

  private void confirmOnline() {
    synchronized (values) {
      starting = false;
      unlogged = false;
      for (TruthLine line : pendingTruth) {
        truth.append(line.tag(), line.sourceTicks(), line.valueText());
      }
      pendingTruth.clear();
    }
  }

  private void abandon(OpcUaServer newServer, StationNamespace newNamespace) {
    synchronized (values) {
      starting = false;
      // no client saw what the failed start produced: keep it out of the truth, and let the next
      // start publish every tag again even within the same update (unlogged stays set)
      pendingTruth.clear();
      online = false;
      namespace = null;
    }
    newServer.shutdown();
    newNamespace.shutdown();
  }

  private StationNamespace goOffline() {
    synchronized (values) {
      online = false;
      StationNamespace old = namespace;
      namespace = null;
      return old;
    }
  }

  /** Produces update {@code tick}: every tag ({@code all}) or only the changed ones. */
  private void produce(UpdateClock.Tick tick, boolean all) {
    DateTime time = tick.time();
    for (int i = 0; i < lastValues.length; i++) {
      PlantTag tag = tags.get(i);
      Object value = written[i] != null ? written[i] : tag.valueAt(tick.n());
      if (!all && Objects.deepEquals(value, lastValues[i])) {
        continue;
      }
      publish(i, tag, value, time);
    }
    lastProduced = tick.n();
  }

  /** Makes {@code value} tag {@code i}'s current value, to clients and the truth log; holds {@link #values}. */
  private void publish(int i, PlantTag tag, Object value, DateTime time) {
    lastValues[i] = value;
    var dataValue = new DataValue(new Variant(value), StatusCode.GOOD, time, time);
    current[i] = dataValue;
    if (namespace != null) {
      namespace.publish(i, dataValue);
    }
    String text = GroundTruth.formatValue(value);
    if (starting) {
      pendingTruth.add(new TruthLine(tag.name(), time.getUtcTime(), text));
      unlogged = true; // until confirmOnline writes the pending lines
    } else {
      truth.append(tag.name(), time.getUtcTime(), text);
    }
  }

  private record TruthLine(String tag, long sourceTicks, String valueText) {}

  private static Throwable cause(Exception e) {
    return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
  }
}
