package io.twinua.tools.pair;

import static io.twinua.tools.pair.PairClients.state;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.twinua.server.testing.Await;
import io.twinua.tools.pairlab.LoopbackPair;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stations whose projects differ report "Projects not functionally equivalent" [1012202]. */
class PairProjectEquivalenceTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void differentProjectsAreReportedOnBothStations() throws Exception {
    // B's project archives one tag fewer: functionally different
    try (PairHmi.Prepared prepared = PairHmi.prepare(dir, p -> p.replaceFirst("archive: true", "archive: false"))) {
      LoopbackPair pair = prepared.pair();
      try {
        pair.startBoth();
        Await.until(WAIT, "1012202 on both", () -> pair.a().redundancyLogText().contains("[1012202]") && pair.b().redundancyLogText().contains("[1012202]"));
        OpcUaClient a = prepared.hmi().anonymous(pair.a());
        OpcUaClient b = prepared.hmi().anonymous(pair.b());
        // the pair still decides roles: never two Masters
        assertFalse(state(a) == 1 && state(b) == 1, "two Masters");
        a.disconnectAsync();
        b.disconnectAsync();
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + pair.diagnostics(60), e);
      }
    }
  }

}
