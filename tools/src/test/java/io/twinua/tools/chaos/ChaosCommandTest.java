package io.twinua.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.tools.bench.BenchRun;
import io.twinua.tools.bench.RepositoryHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A short seeded chaos run on a real pair: every invariant holds and the last line says so. */
@ExtendWith(RepositoryHome.class)
class ChaosCommandTest {

  /**
   * A seed whose first five faults are five kinds, a kill -9 and a serial cut among them, and no
   * full volume (its station restart makes a cycle ~40 s longer) nor clock step (a role can flip
   * when the stepped clock jumps ahead, see ChaosFaultKindsTest): asserted below.
   */
  private static final long SEED = 185;

  @TempDir Path dir;

  @Test
  void aShortSeededRunKeepsEveryInvariant() throws Exception {
    List<Fault> plan = FaultPlan.of(SEED, 5, 2_500);
    assertTrue(plan.stream().anyMatch(f -> f.kind() == FaultKind.KILL), plan.toString());
    assertTrue(plan.stream().anyMatch(f -> f.kind() == FaultKind.SERIAL_CUT), plan.toString());
    assertTrue(plan.stream().noneMatch(f -> f.kind() == FaultKind.DISK_FULL || f.kind() == FaultKind.CLOCK_STEP),
        plan.toString());

    BenchRun run = BenchRun.of("chaos", "--cycles", "5", "--seed", Long.toString(SEED), "--max-fault-ms", "2500",
        "--json", "--dir", dir.toString());
    System.err.println(run.out()); // the run's own account, kept in the surefire output

    String[] lines = run.out().strip().split("\n");
    assertEquals("{\"cycles\":5,\"seed\":185,\"lost\":0,\"duplicated\":0,\"doubleMasters\":0,\"clientGaps\":0,"
        + "\"leaks\":[],\"failures\":[]}", lines[lines.length - 1], run.out());
    assertEquals(0, run.exit(), run.out());
    assertTrue(Files.readString(dir.resolve("station-a").resolve("logs").resolve("station.log")).contains("Redundancy role"));

    assertEquals(2, BenchRun.of("chaos", "--cycles", "1", "--dir", dir.toString()).exit(), "refuses an earlier pair");
    assertEquals(2, BenchRun.of("chaos", "--cycles", "0").exit(), "refuses no cycles");
    assertEquals(2, BenchRun.of("chaos", "--only", "flood").exit(), "refuses an unknown kind");
  }
}
