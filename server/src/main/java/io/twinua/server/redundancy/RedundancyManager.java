package io.twinua.server.redundancy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the station's {@link RoleMachine}: feeds it heartbeats from every link and the station's own
 * status, decides and sends its heartbeat on every link once per heartbeat period
 * ({@link RedundancySettings#heartbeatPeriodMs()}, 100 ms: six heartbeats per default link timeout),
 * and hands its decisions to the display and its events to the system messages. Everything
 * touching the machine runs on one thread, in order.
 */
public final class RedundancyManager implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedundancyManager.class);
  /** A status link (UDP, serial) as far as the manager is concerned: it carries our heartbeat. */
  public interface HeartbeatSender {
    void send(Heartbeat heartbeat);
  }

  private final RoleMachine machine;
  private final Supplier<LocalStatus> localStatus;
  private final List<HeartbeatSender> senders;
  private final RedundancyDisplay display;
  private final Consumer<RedundancyEvent> events;
  private final Clock clock;
  private final ScheduledExecutorService loop;
  private volatile String shown = "";
  /**
   * Heartbeats handed in by the links, taken by the loop before every decision: a cycle that ran
   * late must not judge the links while heartbeats that arrived meanwhile still wait behind it.
   */
  private final Queue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
  /** When the previous cycle ran (loop thread only): a late cycle means this station could not listen. */
  private Instant lastCycle;

  private record Arrival(LinkId link, Heartbeat heartbeat, Instant receivedAt) {}
  /** Planned maintenance announced by an engineer ({@code @RM_MAINTENANCE}). */
  private volatile boolean maintenance;

  public RedundancyManager(
      RoleMachine machine,
      Supplier<LocalStatus> localStatus,
      List<HeartbeatSender> senders,
      RedundancyDisplay display,
      Consumer<RedundancyEvent> events,
      Clock clock) {
    this.machine = Objects.requireNonNull(machine, "machine");
    this.localStatus = Objects.requireNonNull(localStatus, "localStatus");
    this.senders = List.copyOf(senders);
    this.display = Objects.requireNonNull(display, "display");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
    String station = machine.station();
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(() -> {
        MDC.put("station", station);
        r.run();
      }, "redundancy-" + station);
      t.setDaemon(true);
      return t;
    });
  }

  public void start() {
    loop.scheduleAtFixedRate(this::cycle, 0, machine.settings().heartbeatPeriodMs(), TimeUnit.MILLISECONDS);
  }

  /** A valid heartbeat from the partner arrived on {@code link}; safe to call from any thread. */
  public void onHeartbeat(LinkId link, Heartbeat heartbeat, Instant receivedAt) {
    arrivals.add(new Arrival(link, heartbeat, receivedAt));
    try {
      loop.execute(() -> {
        if (takeArrivals()) {
          publish(clock.instant());
        }
      });
    } catch (RejectedExecutionException e) {
      // stopping: nobody decides any more
    }
  }

  /** Hands every waiting heartbeat to the machine, oldest first; true if there was one. */
  private boolean takeArrivals() {
    boolean any = false;
    for (Arrival a = arrivals.poll(); a != null; a = arrivals.poll()) {
      machine.onHeartbeat(a.link(), a.heartbeat(), a.receivedAt());
      any = true;
    }
    return any;
  }

  /**
   * An engineer's {@code @RM_MASTER} write ({@code true} = make this station Master), answered at
   * once: the caller is a client's write thread and must not wait for this loop. The machine's
   * published state says whether the switch can be honoured; the switch itself is queued here. Should
   * the state change before the loop gets to it (the partner lost in the same cycle), the machine
   * refuses it then and reports that as it reports any refused switch.
   */
  public SwitchResult requestMaster(boolean wantMaster) {
    SwitchResult answer = machine.previewMasterRequest(wantMaster);
    try {
      loop.execute(() -> {
        if (answer.accepted()) {
          machine.requestMaster(wantMaster);
        } else {
          machine.recordRefusal(answer.reason());
        }
        publish(clock.instant());
      });
    } catch (RejectedExecutionException e) {
      return SwitchResult.refused("redundancy is stopping");
    }
    return answer;
  }

  public RoleMachine machine() {
    return machine;
  }

  /**
   * Planned maintenance on ({@code true}) or off: while on, the station shows ServiceLevel 0 so
   * that clients move to the partner before a planned stop (Part 4 §6.6.2.4.2). The role is not
   * touched. Safe to call from any thread; shown within one cycle.
   */
  public void setMaintenance(boolean on) {
    maintenance = on;
    try {
      loop.execute(() -> publish(clock.instant()));
    } catch (RejectedExecutionException e) {
      // stopping: the shutdown shows Maintenance anyway
    }
  }

  public boolean maintenance() {
    return maintenance;
  }

  private void cycle() {
    try {
      takeArrivals();
      Instant now = clock.instant();
      machine.onLocalStatus(localStatus.get());
      machine.tick(now, deafMs(now));
      publish(now);
      // one heartbeat per cycle on every link
      Heartbeat hb = machine.nextHeartbeat(now);
      display.publishHeartbeat(hb);
      for (HeartbeatSender s : senders) {
        s.send(hb);
      }
    } catch (RuntimeException e) {
      // the loop must survive anything: a dead redundancy loop would freeze the roles
      LOG.error("redundancy cycle failed", e);
    }
  }

  /**
   * How long this loop could not run before this cycle: the gap since the previous one beyond a
   * heartbeat period and one of slack. Cycles that catch up after a stall come at once and add nothing.
   */
  private long deafMs(Instant now) {
    Instant previous = lastCycle;
    lastCycle = now;
    if (previous == null) {
      return 0;
    }
    long period = machine.settings().heartbeatPeriodMs();
    long gap = Duration.between(previous, now).toMillis();
    return gap > 2 * period ? gap - period : 0;
  }

  /** Hands new events to the messages and a changed state to the display. */
  private void publish(Instant now) {
    for (RedundancyEvent e : machine.drainEvents()) {
      events.accept(e);
    }
    RedundancyRole role = machine.role();
    String master = machine.masterName().orElse("");
    int level = ServiceLevels.of(role, machine.localStatus(), maintenance);
    PartnerView partner = machine.partner();
    String state = role + "|" + machine.epoch() + "|" + master + "|" + level + "|" + partner.linksUp() + "|" + partner.projectsEquivalent();
    if (!state.equals(shown)) {
      shown = state;
      display.show(role, machine.epoch(), master, level, partner);
    }
  }

  @Override
  public void close() throws InterruptedException {
    loop.shutdownNow();
    loop.awaitTermination(2, TimeUnit.SECONDS);
  }
}
