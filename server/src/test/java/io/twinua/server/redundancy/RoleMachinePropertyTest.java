package io.twinua.server.redundancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random link cuts and heals (per link and direction), AS counts, health failures and operator
 * switches over 10,000 ticks, with a seeded Random so a failure can be replayed. Invariants:
 * <ul>
 *   <li>two Masters while some link is UP in both directions never last longer than 2 s, and once
 *       such a link has been up for 2 s, no longer than one heartbeat round (operator TAKEOVER);</li>
 *   <li>a healthy pair with such a link has a Master within 2 s;</li>
 *   <li>a station's epoch never decreases;</li>
 *   <li>every role change comes with its event, and the events chain old → new role.</li>
 * </ul>
 */
class RoleMachinePropertyTest {

  private static final int TICKS = 10_000;
  private static final long BOUND_MS = 2000;
  /** One heartbeat and the tick after it, on the product's heartbeat period. */
  private static final long HEARTBEAT_ROUND_MS = 2 * RedundancySettings.HEARTBEAT_PERIOD_MS;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 42, 20250301})
  void invariantsHoldUnderRandomFailures(long seed) {
    Random random = new Random(seed);
    PairSimulation sim = PairSimulation.standard();
    List<PairSimulation.Station> stations = List.of(sim.a, sim.b);
    Map<LinkId, Instant> bothWaysSince = new EnumMap<>(LinkId.class);
    Map<PairSimulation.Station, Long> epochs = new java.util.HashMap<>();
    Map<PairSimulation.Station, RedundancyRole> roles = new java.util.HashMap<>();
    Map<PairSimulation.Station, Integer> seenEvents = new java.util.HashMap<>();
    Map<PairSimulation.Station, Instant> healthySince = new java.util.HashMap<>();
    Instant[] noMasterSince = {null};
    Instant[] twoMastersLinkedSince = {null};
    Instant[] twoMastersLinkedLongSince = {null};
    java.util.ArrayDeque<String> trace = new java.util.ArrayDeque<>();
    int[] roleChanges = {0};
    int[] twoMasterTicks = {0};

    sim.a.start();
    sim.b.start();
    for (PairSimulation.Station s : stations) {
      epochs.put(s, s.machine.epoch());
      roles.put(s, s.role());
      seenEvents.put(s, 0);
      healthySince.put(s, sim.now());
    }

    for (int tick = 0; tick < TICKS; tick++) {
      String where = "seed " + seed + ", tick " + tick + ", " + sim.now();
      // disturbances
      if (random.nextDouble() < 0.03) {
        LinkId link = LinkId.values()[random.nextInt(LinkId.values().length)];
        PairSimulation.Station from = stations.get(random.nextInt(2));
        if (sim.isCut(link, from)) {
          sim.heal(link, from);
        } else {
          sim.cut(link, from);
        }
      }
      if (random.nextDouble() < 0.003) {
        sim.cutAll();
      }
      if (random.nextDouble() < 0.01) {
        sim.healAll();
      }
      for (PairSimulation.Station s : stations) {
        if (random.nextDouble() < 0.01) {
          s.defective(random.nextInt(4));
        }
        if (s.status.healthy() ? random.nextDouble() < 0.0005 : random.nextDouble() < 0.02) {
          s.status(s.status.defectiveAs(), !s.status.healthy());
          if (s.status.healthy()) {
            healthySince.put(s, sim.now());
          }
        }
        if (random.nextDouble() < 0.002) {
          s.machine.requestMaster(random.nextBoolean());
        }
      }
      sim.aSendsFirst = random.nextBoolean();
      sim.step();
      Instant now = sim.now();

      // which links have been up both ways, and since when
      for (LinkId link : LinkId.values()) {
        if (sim.isCut(link, sim.a) || sim.isCut(link, sim.b)) {
          bothWaysSince.remove(link);
        } else {
          bothWaysSince.putIfAbsent(link, now);
        }
      }
      trace.addLast(describe(sim));
      if (trace.size() > 60) {
        trace.removeFirst();
      }
      boolean linkedLong = bothWaysSince.values().stream()
          .anyMatch(since -> Duration.between(since, now).toMillis() > BOUND_MS);

      boolean linked = !bothWaysSince.isEmpty();
      if (sim.masters() == 2) {
        twoMasterTicks[0]++;
      }
      // the brief's invariant: two Masters while a link is up both ways never lasts longer than 2 s
      twoMastersLinkedSince[0] = sim.masters() == 2 && linked
          ? (twoMastersLinkedSince[0] == null ? now : twoMastersLinkedSince[0]) : null;
      // stricter: on a link up both ways for 2 s, two Masters last at most one heartbeat round (an
      // operator TAKEOVER makes the Standby Master at once; the old Master yields on its heartbeat)
      twoMastersLinkedLongSince[0] = sim.masters() == 2 && linkedLong
          ? (twoMastersLinkedLongSince[0] == null ? now : twoMastersLinkedLongSince[0]) : null;
      if (twoMastersLinkedSince[0] != null && Duration.between(twoMastersLinkedSince[0], now).toMillis() > BOUND_MS
          || twoMastersLinkedLongSince[0] != null
          && Duration.between(twoMastersLinkedLongSince[0], now).toMillis() > HEARTBEAT_ROUND_MS) {
        fail("two Masters on a link up both ways: " + where + ", " + bothWaysSince + "\n"
            + String.join("\n", trace));
      }
      boolean healthyLong = stations.stream().allMatch(s -> s.status.healthy()
          && Duration.between(healthySince.get(s), now).toMillis() > BOUND_MS);
      if (sim.masters() == 0) {
        noMasterSince[0] = noMasterSince[0] == null ? now : noMasterSince[0];
        if (linkedLong && healthyLong && Duration.between(noMasterSince[0], now).toMillis() > BOUND_MS) {
          fail("no Master for > 2 s in a healthy linked pair: " + where + ", A " + sim.a.role() + ", B "
              + sim.b.role() + "\n" + String.join("\n", trace));
        }
      } else {
        noMasterSince[0] = null;
      }

      for (PairSimulation.Station s : stations) {
        long epoch = s.machine.epoch();
        assertTrue(epoch >= epochs.get(s), "epoch of " + s.name + " decreased: " + where);
        epochs.put(s, epoch);

        s.collect();
        RedundancyRole role = roles.get(s);
        List<RedundancyEvent> fresh = s.events.subList(seenEvents.get(s), s.events.size());
        for (RedundancyEvent e : fresh) {
          if (e.roleChanged()) {
            assertEquals(role, e.oldRole(), "event chain of " + s.name + " broken: " + where + " " + e);
            role = e.newRole();
            roleChanges[0]++;
          }
        }
        assertEquals(s.role(), role, "role change of " + s.name + " without an event: " + where);
        roles.put(s, role);
        seenEvents.put(s, s.events.size());
      }
    }
    // the run must actually have exercised the machine
    assertTrue(roleChanges[0] > 50, "only " + roleChanges[0] + " role changes");
    assertTrue(twoMasterTicks[0] > 0, "never had two Masters to resolve");
    System.out.printf("seed %d: %d role changes, %d ticks with two Masters%n", seed,
        roleChanges[0], twoMasterTicks[0]);
  }

  private static String describe(PairSimulation sim) {
    StringBuilder b = new StringBuilder(sim.now().toString().substring(11));
    for (LinkId l : LinkId.values()) {
      b.append(' ').append(l.name(), 0, 3).append(sim.isCut(l, sim.a) ? '-' : '>').append(sim.isCut(l, sim.b) ? '-' : '<');
    }
    for (PairSimulation.Station s : List.of(sim.a, sim.b)) {
      RoleMachine m = s.machine;
      b.append(" | ").append(s.name).append(' ').append(m.role()).append(" e").append(m.epoch())
          .append(" def").append(s.status.defectiveAs()).append(s.status.healthy() ? "" : " SICK")
          .append(" up").append(m.partner().linksUp().size());
      m.partner().latest().ifPresent(h -> b.append(" sees ").append(h.role()).append(" e").append(h.epoch())
          .append(" d").append(h.defectiveAs()).append(h.request() == Heartbeat.Request.NONE ? "" : " " + h.request()));
    }
    return b.toString();
  }
}
