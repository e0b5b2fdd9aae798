package io.twinua.server.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The fields of one station's diagnostics JSON that the status page and scripts rely on
 * (tools/README.md, "The station diagnostics"): each must be present, none renamed.
 */
public final class DiagJsonContract {

  public static final List<String> FIELDS = List.of(
      "name", "uri", "time", "role", "internalState", "epoch", "serviceLevel", "preference",
      "runtimeRunning", "maintenance", "validation/local", "validation/partner", "stability",
      "partner/name", "partner/role", "partner/state", "partner/linkToPartner", "partner/linkFromPartner",
      "partner/clockDifferenceMs",
      "links/terminalBus/state", "links/serial/state", "links/secondLan/state",
      "as/local", "as/partner", "clients/sessions", "clients/subscriptions",
      "health/verdict", "health/parts", "sync/needsSync", "sync/inSyncUpTo", "sync/running", "sync/lastResult",
      "messages");

  private DiagJsonContract() {}

  /** Fails naming the first field of {@link #FIELDS} that {@code station} lacks. */
  public static void assertComplete(JsonNode station) {
    for (String field : FIELDS) {
      assertTrue(!station.at("/" + field).isMissingNode(), "diagnostics JSON lacks " + field + ": " + station);
    }
  }

}
