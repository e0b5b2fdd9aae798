package io.twinua.server.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.redundancy.Heartbeat.Request;
import io.twinua.server.redundancy.LocalStatus;
import io.twinua.server.redundancy.RedundancyRole;
import io.twinua.server.redundancy.RoleDiagnostics;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the role machine's view turns into the words of redundancy-behaviour §8. */
class StationFactsTest {

  @Test
  void internalStateShowsAnOperatorSwitchUnderWayAndDisabledRedundancy() {
    assertEquals("Master", StationFacts.internalState(RedundancyRole.MASTER, Request.NONE, true));
    assertEquals("SwitchDown", StationFacts.internalState(RedundancyRole.MASTER, Request.YIELD, true));
    assertEquals("SwitchUp", StationFacts.internalState(RedundancyRole.MASTER, Request.TAKEOVER, true));
    assertEquals("Uninitialized", StationFacts.internalState(RedundancyRole.UNDEFINED, Request.NONE, true));
    assertEquals("Disabled", StationFacts.internalState(RedundancyRole.STANDALONE, Request.NONE, false));
    assertEquals("Standalone", StationFacts.roleName(RedundancyRole.STANDALONE));
  }

  @Test
  void preferenceFollowsThePairRuleUnlessThisStationStillNeedsSync() {
    assertEquals("NoPref", StationFacts.preference(view(Optional.empty()), false));
    assertEquals("PrefSelf", StationFacts.preference(view(Optional.of(true)), false));
    assertEquals("PrefPartner", StationFacts.preference(view(Optional.of(false)), false));
    assertEquals("PrefPartner", StationFacts.preference(view(Optional.of(true)), true));
  }

  @Test
  void validationRanksAHealthyStationWithAllAsAboveOneWithADefectiveAsAboveADeadOne() {
    int all = StationFacts.validation(LocalStatus.healthy(0, 2));
    int oneDefective = StationFacts.validation(LocalStatus.healthy(1, 2));
    int dead = StationFacts.validation(new LocalStatus(0, 2, false, false));
    assertTrue(all > oneDefective && oneDefective > dead, all + " > " + oneDefective + " > " + dead);
  }

  private static RoleDiagnostics view(Optional<Boolean> localWins) {
    return new RoleDiagnostics(Request.NONE, localWins, Map.of());
  }
}
