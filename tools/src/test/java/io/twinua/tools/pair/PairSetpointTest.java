package io.twinua.tools.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twinua.server.security.Role;
import io.twinua.server.testing.Await;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.plcsim.TruthValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, setpoints in a real pair: an operator writes a setpoint via the Standby and via the
 * Master; each station writes it to the AS on its own AS connection, and both stations' archives
 * then hold the AS's value with the AS's timestamp.
 */
class PairSetpointTest {

  private static final String TAG = "Intake.Pump1.SpeedSetpoint";

  @TempDir Path dir;

  @Test
  void setpointsWrittenViaStandbyAndMasterReachTheAsAndBothArchives() throws Exception {
    try (PairHmi.Prepared prepared = PairHmi.prepare(dir);
        RunningPair run = RunningPair.start(prepared, Duration.ofSeconds(1))) {
      LoopbackPair pair = prepared.pair();
      try {
        LoopbackPair.Station master = run.master();
        LoopbackPair.Station standby = master == pair.a() ? pair.b() : pair.a();
        OpcUaClient viaStandby = prepared.hmi().login(standby, Role.OPERATOR);
        OpcUaClient viaMaster = prepared.hmi().login(master, Role.OPERATOR);
        try {
          assertEquals(StatusCode.GOOD, write(viaStandby, 12.5), "confirmed by the AS via the Standby");
          TruthValue first = awaitTruth(pair, "12.5");
          assertEquals(StatusCode.GOOD, write(viaMaster, 64.0), "confirmed by the AS via the Master");
          TruthValue second = awaitTruth(pair, "64.0");
          run.phase("both setpoints at the AS");

          for (LoopbackPair.Station s : pair.stations()) {
            OpcUaClient client = run.client(s);
            for (TruthValue t : List.of(first, second)) {
              Await.until(RunningPair.WAIT, s.name() + " archived " + t, () -> archived(client, t).isPresent());
              assertEquals(Double.valueOf(t.valueText()), archived(client, t).get().value().value(), s.name());
            }
          }
        } finally {
          viaStandby.disconnectAsync();
          viaMaster.disconnectAsync();
        }
      } catch (AssertionError e) {
        throw run.explained(e);
      }
    }
  }

  private static StatusCode write(OpcUaClient client, double value) throws Exception {
    return client.writeValues(List.of(PairClients.tag(client, "Plant." + TAG)),
        List.of(DataValue.valueOnly(new Variant(value)))).get(0);
  }

  private static TruthValue awaitTruth(LoopbackPair pair, String value) throws InterruptedException {
    TruthValue[] found = new TruthValue[1];
    Await.until(RunningPair.WAIT, "AS1 logs " + TAG + " = " + value, () -> {
      try {
        found[0] = PairArchives.truth(pair).getOrDefault(TAG, List.of()).stream()
            .filter(t -> t.valueText().equals(value)).findFirst().orElse(null);
      } catch (Exception e) {
        found[0] = null;
      }
      return found[0] != null;
    });
    return found[0];
  }

  /** The archived value of the tag at exactly the AS's source time of {@code t}. */
  private static Optional<DataValue> archived(OpcUaClient client, TruthValue t) {
    return PairArchives.history(client, TAG, t.sourceTicks(), t.sourceTicks() + 1).stream().findFirst();
  }
}
