package io.twinua.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.tools.bench.TruthComparison;
import io.twinua.tools.plcsim.TruthValue;
import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The invariant checks fed a breach: a value missing from an archive, a sample delivered twice. */
class ChaosVerdictTest {

  private static final long T0 = 134_000_000_000_000_000L;
  private static final long STEP = 2_000_000L; // 200 ms in ticks

  @TempDir Path dir;

  @Test
  void aCompleteArchiveAndSubscriberKeepTheRunGreen() throws Exception {
    List<TruthValue> truth = truth(10);
    Path archive = archive(ticks(truth));
    ChaosVerdict verdict = new ChaosVerdict(5);
    Fault fault = new Fault(1, FaultKind.KILL, "A", null, 1_000);
    verdict.archive(fault, "STATION-A archive", compare(truth, archive));
    verdict.subscriber(fault, "subscriber HOT", TruthComparison.of(truth, ticks(truth), T0, T0 + 9 * STEP));
    verdict.cycleDone(1);

    assertEquals(0, verdict.exitCode());
    assertEquals("{\"cycles\":1,\"seed\":5,\"lost\":0,\"duplicated\":0,\"doubleMasters\":0,\"clientGaps\":0,"
        + "\"leaks\":[],\"failures\":[]}", verdict.json());
  }

  @Test
  void aValueMissingFromAnArchiveIsOneLostValueNamingCycleAndFault() throws Exception {
    List<TruthValue> truth = truth(10);
    List<Long> stored = new ArrayList<>(ticks(truth));
    stored.remove(4);
    Path archive = archive(stored);
    ChaosVerdict verdict = new ChaosVerdict(99);
    Fault fault = new Fault(3, FaultKind.AS_CUT, "B", "AS2", 2_500);

    verdict.archive(fault, "STATION-B archive Plant.Distribution.Flow", compare(truth, archive));
    verdict.cycleDone(3);

    assertEquals(1, verdict.exitCode());
    String json = verdict.json();
    assertTrue(json.startsWith("{\"cycles\":3,\"seed\":99,\"lost\":1,\"duplicated\":0,\"doubleMasters\":0,\"clientGaps\":0,"
        + "\"leaks\":[],\"failures\":[\"cycle 3 (AS cut STATION-B to AS2 for 2500 ms; replay: --seed 99 --cycles 3)"), json);
    assertTrue(json.contains("1 of 10 PLC values lost"), json);
  }

  @Test
  void aSampleDeliveredTwiceAndOneNeverDeliveredAreTwoClientGaps() {
    List<TruthValue> truth = truth(10);
    List<Long> received = new ArrayList<>(ticks(truth));
    received.remove(0);
    received.add(truth.get(6).sourceTicks());
    ChaosVerdict verdict = new ChaosVerdict(1);

    verdict.subscriber(new Fault(2, FaultKind.KILL, "A", null, 1_000), "subscriber WARM",
        TruthComparison.of(truth, received, T0, T0 + 9 * STEP));

    assertEquals(1, verdict.exitCode());
    assertTrue(verdict.json().contains("\"clientGaps\":2"), verdict.json());
  }

  @Test
  void twoMastersOverlappingBeyondTheToleranceAreFound() throws Exception {
    Path logA = dir.resolve("a.log");
    Path logB = dir.resolve("b.log");
    Files.writeString(logA, roleLine("10:00:00.000", "UNDEFINED", "MASTER", 1)
        + roleLine("10:00:05.000", "MASTER", "STANDBY", 3));
    Files.writeString(logB, roleLine("10:00:01.000", "UNDEFINED", "STANDBY", 1)
        + roleLine("10:00:03.000", "STANDBY", "MASTER", 2));
    long killB = MasterTimeline.of(logB, List.of()).get(0).from() + 10_000;

    var overlaps = MasterTimeline.overlaps(MasterTimeline.of(logA, List.of()), MasterTimeline.of(logB, List.of(killB)),
        ChaosRun.DOUBLE_MASTER_TOLERANCE_MS);

    assertEquals(1, overlaps.size(), overlaps.toString());
    assertEquals(2_000, overlaps.get(0).to() - overlaps.get(0).from());
    assertEquals(List.of(), MasterTimeline.overlaps(MasterTimeline.of(logA, List.of()),
        MasterTimeline.of(logB, List.of(MasterTimeline.of(logB, List.of()).get(0).from() + 300)),
        ChaosRun.DOUBLE_MASTER_TOLERANCE_MS), "B killed 300 ms after it became Master: within the tolerance");
  }

  @Test
  void roleLinesLoggedOnAClockStepCountAtTheirRealTime() throws Exception {
    Path logA = dir.resolve("a.log");
    Path logB = dir.resolve("b.log");
    // B is Master; its clock is stepped 20 s ahead at 10:00:01 (taken by 10:00:02) and back at
    // 10:00:30 (taken by 10:00:31). It hands over at 10:00:04 real, logged 10:00:24; A takes over
    // at 10:00:05. B's lines before and after the step carry the real time.
    Files.writeString(logA, roleLine("10:00:00.000", "UNDEFINED", "STANDBY", 1)
        + roleLine("10:00:05.000", "STANDBY", "MASTER", 2));
    Files.writeString(logB, roleLine("09:59:50.000", "UNDEFINED", "MASTER", 1)
        + roleLine("10:00:01.500", "MASTER", "MASTER", 1)
        + roleLine("10:00:24.000", "MASTER", "STANDBY", 2)
        + roleLine("10:00:30.500", "STANDBY", "STANDBY", 2));
    List<MasterTimeline.Stretch> a = MasterTimeline.of(logA, List.of());
    long real = a.get(0).from() - 5_000; // 10:00:00
    var shift = new MasterTimeline.ClockShift(1, 4, 20_000, new MasterTimeline.Window(real + 1_000, real + 2_000),
        new MasterTimeline.Window(real + 30_000, real + 31_000));

    var b = MasterTimeline.of(logB, List.of(), List.of(shift));

    assertEquals(List.of(new MasterTimeline.Stretch(real - 10_000, real + 4_000, 1)), b);
    assertEquals(List.of(), MasterTimeline.overlaps(a, b, ChaosRun.DOUBLE_MASTER_TOLERANCE_MS));
    assertEquals(1, MasterTimeline.overlaps(a, MasterTimeline.of(logB, List.of()), ChaosRun.DOUBLE_MASTER_TOLERANCE_MS)
        .size(), "taken as logged, B's hand-over line makes a false second Master");
  }

  @Test
  void archivesWithTheSameRowsHaveEqualFingerprintsAndOneValueLessShowsInItsTag() throws Exception {
    List<Long> all = ticks(truth(100)); // 100 times 1.34e17 ticks: more than a long holds
    List<Long> fewer = new ArrayList<>(all);
    fewer.remove(99);
    long to = T0 + 99 * STEP;

    var a = ArchiveValues.fingerprints(archive("a", all), T0, to);
    assertEquals(a, ArchiveValues.fingerprints(archive("b", all), T0, to));
    var c = ArchiveValues.fingerprints(archive("c", fewer), T0, to);
    assertEquals(a.keySet(), c.keySet());
    assertTrue(!a.get("Plant.Distribution.Flow").equals(c.get("Plant.Distribution.Flow")), c.toString());
    assertEquals(ArchiveValues.fingerprints(archive("a", all), T0, to - STEP),
        ArchiveValues.fingerprints(archive("c", fewer), T0, to - STEP), "equal before the missing value");
  }

  private static String roleLine(String time, String from, String to, int epoch) {
    return "2026-12-02 " + time + " INFO  [STATION-X] i.t.s.r.RoleMachine - Redundancy role " + from + " -> " + to
        + " (station STATION-X, epoch " + epoch + ", ROLE_CHANGED): test\n";
  }

  private static List<TruthValue> truth(int n) {
    List<TruthValue> truth = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      truth.add(new TruthValue(T0 + i * STEP, Integer.toString(i)));
    }
    return truth;
  }

  private static List<Long> ticks(List<TruthValue> truth) {
    return truth.stream().map(TruthValue::sourceTicks).toList();
  }

  private static TruthComparison compare(List<TruthValue> truth, Path archive) throws Exception {
    return TruthComparison.of(truth, ArchiveValues.ticks(archive, "Plant.Distribution.Flow", T0, T0 + 9 * STEP),
        T0, T0 + 9 * STEP);
  }

  /** A real station archive holding {@code ticks} of Distribution.Flow (and of another tag at the same times). */
  private Path archive(List<Long> ticks) {
    return archive("archive", ticks);
  }

  private Path archive(String name, List<Long> ticks) {
    Path db = dir.resolve(name).resolve("twinua.db");
    try (ArchiveDatabase archive = ArchiveDatabase.open(db, ArchiveSettings.defaults())) {
      for (long t : ticks) {
        DataValue v = new DataValue(new Variant(1.5), StatusCode.GOOD, new DateTime(t), new DateTime(t));
        archive.values().appendWaiting("Plant.Distribution.Flow", v);
        archive.values().appendWaiting("Plant.Intake.Flow", v); // another tag must not count
      }
      archive.values().flush();
    }
    return db;
  }
}
