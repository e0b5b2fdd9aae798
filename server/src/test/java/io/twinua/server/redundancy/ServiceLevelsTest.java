package io.twinua.server.redundancy;

import static io.twinua.server.redundancy.RedundancyRole.FAULT;
import static io.twinua.server.redundancy.RedundancyRole.MASTER;
import static io.twinua.server.redundancy.RedundancyRole.STANDALONE;
import static io.twinua.server.redundancy.RedundancyRole.STANDBY;
import static io.twinua.server.redundancy.RedundancyRole.UNDEFINED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServiceLevelsTest {

  private static final LocalStatus ALL_OK = LocalStatus.healthy(0, 4);

  @Test
  void maintenanceFaultAndUndefined() {
    for (RedundancyRole r : RedundancyRole.values()) {
      assertEquals(0, ServiceLevels.of(r, ALL_OK, true), r.name());
    }
    assertEquals(1, ServiceLevels.of(FAULT, ALL_OK, false));
    assertEquals(1, ServiceLevels.of(UNDEFINED, ALL_OK, false));
    assertEquals(1, ServiceLevels.of(STANDALONE, new LocalStatus(0, 4, false, false), false));
  }

  @Test
  void healthyMasterAboveHealthyStandby() {
    assertEquals(255, ServiceLevels.of(MASTER, ALL_OK, false));
    assertEquals(255, ServiceLevels.of(STANDALONE, ALL_OK, false));
    assertEquals(200, ServiceLevels.of(STANDBY, ALL_OK, false));
    assertEquals(255, ServiceLevels.of(MASTER, LocalStatus.healthy(0, 0), false), "a project without AS");
  }

  @Test
  void degradedByShareOfDefectiveAs() {
    assertEquals(2 + 147, ServiceLevels.of(MASTER, LocalStatus.healthy(1, 4), false)); // 196 × 0.75
    assertEquals(2 + 147 - 1, ServiceLevels.of(STANDBY, LocalStatus.healthy(1, 4), false));
    assertEquals(2 + 98, ServiceLevels.of(STANDALONE, LocalStatus.healthy(2, 4), false));
    assertEquals(2, ServiceLevels.of(MASTER, LocalStatus.healthy(4, 4), false));
    assertEquals(2, ServiceLevels.of(STANDBY, LocalStatus.healthy(4, 4), false), "never below 2 while running");
    assertEquals(198, ServiceLevels.of(MASTER, LocalStatus.healthy(1, 1000), false));
  }

  @Test
  void orderingHoldsForEveryShare() {
    for (int total = 1; total <= 50; total++) {
      for (int defective = 1; defective <= total; defective++) {
        LocalStatus s = LocalStatus.healthy(defective, total);
        int master = ServiceLevels.of(MASTER, s, false);
        int standby = ServiceLevels.of(STANDBY, s, false);
        assertTrue(master >= 2 && master <= 198, s.toString());
        assertTrue(standby >= 2 && standby < 200, s.toString());
        assertTrue(master > standby || master == 2, s.toString());
        assertTrue(standby > 1, "degraded ranks above Fault");
      }
    }
  }

  @Test
  void impairedStationIsDegradedBelowEveryHealthyOneAndAboveFault() {
    LocalStatus impaired = new LocalStatus(0, 4, true, true);
    assertEquals(198, ServiceLevels.of(MASTER, impaired, false));
    assertEquals(198, ServiceLevels.of(STANDALONE, impaired, false));
    assertEquals(197, ServiceLevels.of(STANDBY, impaired, false));
    assertTrue(ServiceLevels.of(MASTER, impaired, false) < ServiceLevels.of(STANDBY, ALL_OK, false),
        "a Master losing archive data ranks below a healthy Standby");
    assertEquals(198, ServiceLevels.of(MASTER, new LocalStatus(0, 0, true, true), false), "a project without AS");
    // defective AS decide the degraded level as before; Fault stays Fault
    assertEquals(2 + 147, ServiceLevels.of(MASTER, new LocalStatus(1, 4, true, true), false));
    assertEquals(1, ServiceLevels.of(MASTER, new LocalStatus(0, 4, false, true), false));
  }
}
