package io.twinua.server.redundancy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Two role machines exchanging heartbeats over simulated links, each link cut-able per direction,
 * on a fake clock, with the product's timing ({@link RedundancySettings#DEFAULT}, what a station file
 * without the optional keys runs): one step = one heartbeat period, in which both alive stations
 * send a heartbeat on every link that is not cut in their direction (delivered at once) and tick.
 */
final class PairSimulation {

  static final RedundancySettings PRODUCT = RedundancySettings.DEFAULT;
  static final Duration STEP = Duration.ofMillis(PRODUCT.heartbeatPeriodMs());
  static final Duration LINK_TIMEOUT = Duration.ofMillis(PRODUCT.linkTimeoutMs());
  static final Duration STARTUP_WINDOW = Duration.ofMillis(PRODUCT.startupWindowMs());
  static final Duration STABILITY_DELAY = Duration.ofMillis(PRODUCT.stabilityDelayMs());
  static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");

  final ManualClock clock = new ManualClock(T0);
  final Station a;
  final Station b;
  /** Which station sends first in each heartbeat round. */
  boolean aSendsFirst = true;
  private final Set<String> cuts = new HashSet<>();
  /** Stations whose heartbeats are held up on the way (not lost): delivered late, in order, at release. */
  private final Set<String> held = new HashSet<>();
  private final List<Runnable> late = new ArrayList<>();
  private final List<Consumer<PairSimulation>> afterStep = new ArrayList<>();

  PairSimulation(String nameA, UnaryOperator<RedundancySettings.Builder> settingsA, String nameB,
      UnaryOperator<RedundancySettings.Builder> settingsB) {
    a = new Station(nameA, RedundancySettings.create(settingsA::apply));
    b = new Station(nameB, RedundancySettings.create(settingsB::apply));
  }

  /** Stations "A" and "B" with the product's settings. */
  static PairSimulation standard() {
    return new PairSimulation("A", s -> s, "B", s -> s);
  }

  final class Station {
    final String name;
    final RedundancySettings settings;
    String digest = "0123456789abcdef0123456789abcdef";
    RoleMachine machine;
    boolean alive;
    LocalStatus status = LocalStatus.healthy(0, 3);
    final List<RedundancyEvent> events = new ArrayList<>();

    Station(String name, RedundancySettings settings) {
      this.name = name;
      this.settings = settings;
    }

    Station start() {
      machine = new RoleMachine(name, digest, settings, EnumSet.allOf(LinkId.class), EpochStore.inMemory(), clock);
      machine.onLocalStatus(status);
      alive = true;
      collect();
      return this;
    }

    void kill() {
      alive = false;
    }

    void status(int defective, boolean healthy) {
      status = new LocalStatus(defective, status.totalAs(), healthy, false);
      if (alive) {
        machine.onLocalStatus(status);
        collect();
      }
    }

    void defective(int defective) {
      status(defective, status.healthy());
    }

    RedundancyRole role() {
      return machine.role();
    }

    void collect() {
      events.addAll(machine.drainEvents());
    }

    List<RedundancyEvent> events(RedundancyEvent.Kind kind) {
      collect();
      return events.stream().filter(e -> e.kind() == kind).toList();
    }

    List<RedundancyEvent> roleChanges() {
      collect();
      return events.stream().filter(RedundancyEvent::roleChanged).toList();
    }

    Station other() {
      return this == a ? b : a;
    }
  }

  Instant now() {
    return clock.instant();
  }

  void onEachStep(Consumer<PairSimulation> check) {
    afterStep.add(check);
  }

  void cut(LinkId link, Station from) {
    cuts.add(link + ">" + from.name);
  }

  void heal(LinkId link, Station from) {
    cuts.remove(link + ">" + from.name);
  }

  boolean isCut(LinkId link, Station from) {
    return cuts.contains(link + ">" + from.name);
  }

  void cutBothWays(LinkId link) {
    cut(link, a);
    cut(link, b);
  }

  void healBothWays(LinkId link) {
    heal(link, a);
    heal(link, b);
  }

  void cutAll() {
    for (LinkId l : LinkId.values()) {
      cutBothWays(l);
    }
  }

  void healAll() {
    cuts.clear();
  }

  /** From now on {@code from}'s heartbeats reach its partner late: they wait until {@link #release}. */
  void hold(Station from) {
    held.add(from.name);
  }

  /** Delivers every held heartbeat of {@code from} now, oldest first, as a starved receiver finally reads them. */
  void release(Station from) {
    held.remove(from.name);
    Instant now = now();
    List<Runnable> due = List.copyOf(late);
    late.clear();
    due.forEach(Runnable::run);
    for (Station s : List.of(a, b)) {
      if (s.alive) {
        s.machine.tick(now);
      }
    }
  }

  void step() {
    clock.advance(STEP);
    Instant now = now();
    Station first = aSendsFirst ? a : b;
    send(first, first.other(), now);
    send(first.other(), first, now);
    for (Station s : List.of(a, b)) {
      if (s.alive) {
        s.machine.tick(now);
      }
    }
    for (Consumer<PairSimulation> check : afterStep) {
      check.accept(this);
    }
  }

  private void send(Station from, Station to, Instant now) {
    if (!from.alive) {
      return;
    }
    Heartbeat hb = from.machine.nextHeartbeat(now);
    if (!to.alive) {
      return;
    }
    for (LinkId link : LinkId.values()) {
      if (isCut(link, from)) {
        continue;
      }
      if (held.contains(from.name)) {
        late.add(() -> {
          if (to.alive) {
            to.machine.onHeartbeat(link, hb, now());
          }
        });
      } else {
        to.machine.onHeartbeat(link, hb, now);
      }
    }
  }

  void run(Duration d) {
    long n = d.toMillis() / STEP.toMillis();
    for (long i = 0; i < n; i++) {
      step();
    }
  }

  /** Steps until the condition holds; fails after {@code max}. Returns the simulated time taken. */
  Duration runUntil(BooleanSupplier condition, Duration max, String what) {
    Instant start = now();
    while (!condition.getAsBoolean()) {
      assertTrue(Duration.between(start, now()).compareTo(max) < 0, "not within " + max + ": " + what
          + " (A " + (a.alive ? a.role() : "dead") + ", B " + (b.alive ? b.role() : "dead") + ")");
      step();
    }
    return Duration.between(start, now());
  }

  int masters() {
    int n = 0;
    for (Station s : List.of(a, b)) {
      if (s.alive && s.role() == RedundancyRole.MASTER) {
        n++;
      }
    }
    return n;
  }
}
