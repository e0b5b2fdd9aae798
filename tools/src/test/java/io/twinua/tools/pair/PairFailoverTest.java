package io.twinua.tools.pair;

import static io.twinua.tools.pair.PairClients.MASTER;
import static io.twinua.tools.pair.PairClients.STANDBY;
import static io.twinua.tools.pair.PairClients.read;
import static io.twinua.tools.pair.PairClients.state;
import static io.twinua.tools.pair.PairClients.tag;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinua.server.testing.Await;
import io.twinua.tools.launch.StationFileWriter;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.testing.NodeOpcua;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviour doc §4 scenario 1 with real processes: the Master is killed (kill -9) and restarted.
 * The survivor becomes Master, records and reports the failure and the return, and stays Master.
 */
class PairFailoverTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;


  @Test
  void killedMasterIsReplacedAndReturnsAsStandby() throws Exception {
    try (PairHmi.Prepared prepared = PairHmi.prepare(dir)) {
      LoopbackPair pair = prepared.pair();
      try {
        scenario(pair, prepared.hmi());
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + pair.diagnostics(60), e);
      }
    }
  }

  private void scenario(LoopbackPair pair, PairHmi hmi) throws Exception {
    {
      pair.startBoth();
      OpcUaClient[] a = {PairClients.whenUp(() -> hmi.anonymous(pair.a()), WAIT)};
      OpcUaClient clientB = PairClients.whenUp(() -> hmi.anonymous(pair.b()), WAIT);
      Await.until(WAIT, "A Master and B Standby", () -> state(a[0]) == MASTER && state(clientB) == STANDBY);
      PairDiagnostics.check(pair, hmi); // issue 9 §3 on this running pair (no pair start of its own)

      // the standard view of the same facts, identical on both servers
      for (OpcUaClient c : new OpcUaClient[] {a[0], clientB}) {
        assertEquals(3, ((Number) read(c, NodeIds.Server_ServerRedundancy_RedundancySupport)).intValue(), "Hot");
        assertArrayEquals(new String[] {StationFileWriter.applicationUri("STATION-A"), StationFileWriter.applicationUri("STATION-B")},
            (String[]) read(c, NodeIds.Server_ServerRedundancy_ServerUriArray));
        Await.until(WAIT, "Master name on both", () -> "STATION-A".equals(read(c, tag(c, "@RM_MASTER_NAME"))));
      }
      Await.until(WAIT, "ServiceLevel Master above Standby", () ->
          ((UByte) read(a[0], NodeIds.Server_ServiceLevel)).intValue() > ((UByte) read(clientB, NodeIds.Server_ServiceLevel)).intValue());
      // a client that is not ours sees the same standard nodes
      JsonNode seen = NodeOpcua.readStation(pair.b().endpointUrl());
      assertEquals(3, seen.get("redundancySupport").get("value").asInt(), "Hot: " + seen);
      assertEquals("[\"" + StationFileWriter.applicationUri("STATION-A") + "\",\"" + StationFileWriter.applicationUri("STATION-B") + "\"]",
          seen.get("serverUriArray").get("value").toString());
      assertEquals(200, seen.get("serviceLevel").get("value").asInt(), "a healthy Standby: " + seen);
      // FindServers on either station names both
      var servers = DiscoveryClient.findServers(pair.a().endpointUrl()).get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(java.util.Set.of(StationFileWriter.applicationUri("STATION-A"), StationFileWriter.applicationUri("STATION-B")),
          servers.stream().map(d -> d.getApplicationUri()).collect(java.util.stream.Collectors.toSet()));
      a[0].disconnectAsync();

      long killed = System.nanoTime();
      pair.a().process().kill();
      Await.until(WAIT, "B becomes Master", () -> state(clientB) == MASTER);
      long switchMillis = (System.nanoTime() - killed) / 1_000_000;
      assertTrue(switchMillis < 5_000, "B took over within 5 s: " + switchMillis + " ms");
      Await.until(WAIT, "B names itself Master", () -> "STATION-B".equals(read(clientB, tag(clientB, "@RM_MASTER_NAME"))));
      Await.until(WAIT, "partner failure reported", () -> pair.b().redundancyLogText().contains("[1012200]"));

      pair.a().process().start();
      a[0] = PairClients.whenUp(() -> hmi.anonymous(pair.a()), WAIT);
      Await.until(WAIT, "A Standby, B stays Master", () -> state(a[0]) == STANDBY && state(clientB) == MASTER);
      Await.until(WAIT, "partner return reported", () -> pair.b().redundancyLogText().contains("[1012201]"));
      System.out.println("MEASURED kill -9 of the Master -> Standby is Master after " + switchMillis + " ms");
      a[0].disconnectAsync();
      clientB.disconnectAsync();
    }
  }

}
