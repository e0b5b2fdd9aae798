package io.twinua.tools.plcsim;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Milo client subscribed to fast-changing tags receives exactly the ground truth. */
class PlcSimSubscriptionTest {

  private static final String COUNTER = "Intake.Pump1.RunSeconds";
  private static final String SINE = "Intake.Flow";

  @Test
  void subscriberReceivesEveryProducedValueAndNothingElse(@TempDir Path dir) throws Exception {
    var config = PlcSimConfig.create(b -> b.station("AS1", FreePorts.next()).periodMs(20).dir(dir));
    Map<String, List<DataValue>> received = new LinkedHashMap<>();
    received.put(COUNTER, Collections.synchronizedList(new ArrayList<>()));
    received.put(SINE, Collections.synchronizedList(new ArrayList<>()));

    UpdateClock clock;
    AutomationStation as1;
    try (var sim = PlcSimulator.start(config)) {
      clock = sim.clock();
      as1 = sim.automationStation("AS1");
      OpcUaClient client = OpcUaClient.create(sim.endpointUrl("AS1"));
      client.connect();
      try {
        var subscription = new OpcUaSubscription(client);
        subscription.setPublishingInterval(100.0);
        subscription.create();
        for (String tag : received.keySet()) {
          var item = OpcUaMonitoredItem.newDataItem(new NodeId(2, tag));
          item.setSamplingInterval(0.0);
          item.setQueueSize(uint(100));
          item.setDataValueListener((i, value) -> received.get(tag).add(value));
          subscription.addMonitoredItem(item);
        }
        subscription.synchronizeMonitoredItems();
        // ~2 s at 20 ms per update
        Await.until(Duration.ofSeconds(30), "100 counter values",
            () -> received.get(COUNTER).size() >= 100);
        subscription.delete();

        NodeId counterNode = new NodeId(2, COUNTER);
        DataValue read = client.readValue(0, TimestampsToReturn.Both, counterNode);
        assertTrue(read.statusCode().isGood());
        long n = clock.indexOf(read.sourceTime().getUtcTime()); // a Read has an update's time too
        assertEquals(GroundTruth.formatValue(as1.tag(COUNTER).valueAt(n)),
            GroundTruth.format(read.value()));
      } finally {
        client.disconnect();
      }
    } // stop flushes the truth log

    Map<String, List<TruthValue>> truth = GroundTruth.read(as1.truthFile());
    for (String tag : received.keySet()) {
      List<TruthValue> got = new ArrayList<>();
      for (DataValue value : received.get(tag)) {
        assertTrue(value.statusCode().isGood(), tag + ": " + value.statusCode());
        assertFalse(value.statusCode().isOverflowSet(), tag + ": queue overflow");
        assertEquals(value.sourceTime(), value.serverTime(), tag + ": server time = source time");
        got.add(new TruthValue(value.sourceTime().getUtcTime(), GroundTruth.format(value.value())));
      }
      long first = got.get(0).sourceTicks();
      long last = got.get(got.size() - 1).sourceTicks();
      List<TruthValue> expected =
          truth.get(tag).stream()
              .filter(v -> v.sourceTicks() >= first && v.sourceTicks() <= last)
              .toList();
      assertEquals(expected, got, tag + ": received values differ from the ground truth");
      assertEquals(got.size(), new HashSet<>(got).size(), tag + ": duplicates");

      // every truth value is the tag's signal at the update its timestamp belongs to
      PlantTag plantTag = as1.tag(tag);
      for (TruthValue v : truth.get(tag)) {
        long n = clock.indexOf(v.sourceTicks());
        assertEquals(GroundTruth.formatValue(plantTag.valueAt(n)), v.valueText(), tag + " n=" + n);
      }
    }

    // the counter changes on every update, so its updates are consecutive: none was skipped
    List<TruthValue> counter = truth.get(COUNTER);
    for (int i = 1; i < counter.size(); i++) {
      assertEquals(
          clock.indexOf(counter.get(i - 1).sourceTicks()) + 1,
          clock.indexOf(counter.get(i).sourceTicks()));
    }
    assertTrue(received.get(SINE).size() >= 90, "sine changes on (nearly) every update");
  }
}
