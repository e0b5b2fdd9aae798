package io.twinua.tools.plcsim;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --generated 1000 adds 1000 browsable, subscribable Double tags Gen.00000..Gen.00999. */
class GeneratedTagsTest {

  private static final int GENERATED = 1000;

  @Test
  void generatedTagsCanBeBrowsedAndSubscribed(@TempDir Path dir) throws Exception {
    var config =
        PlcSimConfig.create(
            b -> b.station("AS1", FreePorts.next()).periodMs(100).generated(GENERATED).dir(dir));
    Map<String, List<DataValue>> received = new ConcurrentHashMap<>();
    AutomationStation as1;
    try (var sim = PlcSimulator.start(config)) {
      as1 = sim.automationStation("AS1");
      assertEquals(17 + GENERATED, as1.tags().size()); // 14 contract tags + 3 setpoints
      OpcUaClient client = SimClients.connect(as1.endpointUrl());
      try {
        List<ReferenceDescription> top =
            client.getAddressSpace().browse(NodeIds.ObjectsFolder);
        assertTrue(top.stream().anyMatch(r -> r.getBrowseName().name().equals("AS1")));
        List<ReferenceDescription> asFolder = client.getAddressSpace().browse(new NodeId(2, 1));
        assertEquals(
            Set.of("Intake", "Treatment", "Gen"),
            asFolder.stream().map(r -> r.getBrowseName().name()).collect(Collectors.toSet()));

        List<ReferenceDescription> gen = client.getAddressSpace().browse(new NodeId(2, "Gen"));
        assertEquals(GENERATED, gen.size());
        assertTrue(gen.stream().allMatch(r -> r.getNodeClass() == NodeClass.Variable));
        Set<String> expectedIds =
            IntStream.range(0, GENERATED)
                .mapToObj(DemoPlant::generatedName)
                .collect(Collectors.toSet());
        assertEquals(
            expectedIds,
            gen.stream()
                .map(r -> (String) r.getNodeId().getIdentifier())
                .collect(Collectors.toSet()));

        var subscription = new OpcUaSubscription(client);
        subscription.setPublishingInterval(100.0);
        subscription.create();
        for (String tag : expectedIds) {
          received.put(tag, new ArrayList<>());
          var item = OpcUaMonitoredItem.newDataItem(new NodeId(2, tag));
          item.setSamplingInterval(0.0);
          item.setQueueSize(uint(10));
          item.setDataValueListener(
              (i, value) -> {
                List<DataValue> values = received.get(tag);
                synchronized (values) {
                  values.add(value);
                }
              });
          subscription.addMonitoredItem(item);
        }
        subscription.synchronizeMonitoredItems();
        Await.until(Duration.ofSeconds(60), "3 values on every generated tag",
            () -> received.values().stream().allMatch(v -> size(v) >= 3));
        subscription.delete();
      } finally {
        client.disconnect();
      }
    }

    Map<String, List<TruthValue>> truth = GroundTruth.read(as1.truthFile());
    for (String tag : received.keySet()) {
      Set<TruthValue> logged = Set.copyOf(truth.get(tag));
      for (DataValue value : received.get(tag)) {
        assertTrue(value.statusCode().isGood(), tag);
        var got =
            new TruthValue(value.sourceTime().getUtcTime(), GroundTruth.format(value.value()));
        assertTrue(logged.contains(got), tag + ": received " + got + " not in the ground truth");
      }
    }
  }

  private static int size(List<DataValue> values) {
    synchronized (values) {
      return values.size();
    }
  }
}
