package io.twinua.tools.pair;

import static io.twinua.tools.pair.PairClients.state;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.twinua.server.testing.Await;
import java.nio.file.Files;
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
    try (TestPair pair = TestPair.prepare(dir, 200, p -> p.replaceFirst("archive: true", "archive: false"))) {
      try {
        pair.startBoth();
        Await.until(WAIT, "1012202 on both", () -> pair.a.redundancyLog().contains("[1012202]") && pair.b.redundancyLog().contains("[1012202]"));
        OpcUaClient a = pair.a.anonymous();
        OpcUaClient b = pair.b.anonymous();
        // the pair still decides roles: never two Masters
        assertFalse(state(a) == 1 && state(b) == 1, "two Masters");
        a.disconnectAsync();
        b.disconnectAsync();
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + pair.diagnostics(), e);
      }
    }
  }

}
