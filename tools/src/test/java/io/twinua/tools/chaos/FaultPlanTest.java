package io.twinua.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

  @Test
  void theSameSeedGivesTheSameFaultsInTheSameOrder() {
    List<Fault> first = FaultPlan.of(42, 50, 8_000);
    assertEquals(first, FaultPlan.of(42, 50, 8_000));
    assertNotEquals(first, FaultPlan.of(43, 50, 8_000), "another seed, another plan");
    // a replay of cycle n with --cycles n runs the same first n faults
    assertEquals(first.subList(0, 7), FaultPlan.of(42, 7, 8_000));
  }

  @Test
  void everyKindIsDrawnWithItsTargetAndABoundedDuration() {
    List<Fault> plan = FaultPlan.of(7, 200, 5_000);
    Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
    for (int i = 0; i < plan.size(); i++) {
      Fault f = plan.get(i);
      kinds.add(f.kind());
      assertEquals(i + 1, f.cycle());
      assertTrue(f.durationMs() >= FaultPlan.MIN_DURATION_MS && f.durationMs() <= 5_000, f.describe());
      if (f.kind().oneStation()) {
        assertTrue(Set.of("A", "B").contains(f.station()), f.describe());
      } else {
        assertNull(f.station(), f.describe());
      }
      if (f.kind() == FaultKind.AS_CUT) {
        assertNotNull(f.as(), f.describe());
      }
      if (f.kind() == FaultKind.CLOCK_STEP) {
        assertTrue(Math.abs(f.stepMs()) >= FaultPlan.MIN_STEP_MS && Math.abs(f.stepMs()) <= FaultPlan.MAX_STEP_MS,
            f.describe());
      } else {
        assertEquals(0, f.stepMs(), f.describe());
      }
    }
    assertEquals(EnumSet.allOf(FaultKind.class), kinds);
    assertTrue(plan.stream().anyMatch(f -> f.stepMs() > 0) && plan.stream().anyMatch(f -> f.stepMs() < 0),
        "clocks step both ways");
  }

  @Test
  void onlyTheChosenKindsAreDrawnAndTheyArePartOfTheSeed() {
    List<Fault> plan = FaultPlan.of(42, 30, 8_000, EnumSet.of(FaultKind.DISK_FULL, FaultKind.SERIAL_CUT));
    assertEquals(Set.of(FaultKind.DISK_FULL, FaultKind.SERIAL_CUT), Set.copyOf(plan.stream().map(Fault::kind).toList()));
    assertEquals(plan, FaultPlan.of(42, 30, 8_000, EnumSet.of(FaultKind.SERIAL_CUT, FaultKind.DISK_FULL)));
    assertEquals(FaultKind.CLOCK_STEP, FaultKind.ofOption("clock-step"));
    assertEquals("disk-full", FaultKind.DISK_FULL.option());
  }
}
