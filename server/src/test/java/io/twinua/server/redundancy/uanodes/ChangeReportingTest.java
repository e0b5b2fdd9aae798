package io.twinua.server.redundancy.uanodes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * A process variable's subscribers get every value set on it, in order, however fast the values
 * come: Milo's sampling (one read per sampling interval) would skip all but the last of a burst.
 */
class ChangeReportingTest {

  @TempDir Path dir;

  @Test
  void everyValueSetReachesTheSubscriberOnceInOrder() throws Exception {
    try (PairFixture pair = PairFixture.start(dir)) {
      var plant = pair.a.plant;
      NodeId id = new NodeId(plant.getNamespaceIndex(), "Process.Counter");
      UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(plant.getNodeContext())
          .setNodeId(id)
          .setBrowseName(new QualifiedName(plant.getNamespaceIndex(), "Process.Counter"))
          .setDisplayName(LocalizedText.english("Process.Counter"))
          .setDataType(NodeIds.UInt32)
          .setTypeDefinition(NodeIds.BaseDataVariableType)
          .setAccessLevel(AccessLevel.READ_ONLY)
          .setUserAccessLevel(AccessLevel.READ_ONLY)
          .setValue(new DataValue(new Variant(uint(0)), StatusCode.GOOD, DateTime.now()))
          .build();
      plant.getNodeManager().addNode(node);

      OpcUaClient client = pair.anonymous(pair.a);
      try {
        BlockingQueue<DataValue> got = new LinkedBlockingQueue<>();
        var subscription = new OpcUaSubscription(client, 100.0);
        subscription.create();
        OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(id);
        item.setSamplingInterval(1000.0); // far slower than the burst below
        item.setQueueSize(uint(100));
        item.setDataValueListener((i, v) -> got.add(v));
        subscription.addMonitoredItem(item);
        subscription.synchronizeMonitoredItems();
        assertEquals(uint(0), got.poll(5, TimeUnit.SECONDS).getValue().getValue(), "initial value");

        long t0 = DateTime.now().getJavaTime();
        for (int i = 1; i <= 20; i++) {
          node.setValue(new DataValue(new Variant(uint(i)), StatusCode.GOOD, new DateTime(java.time.Instant.ofEpochMilli(t0 + i))));
        }
        List<Object> values = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
          DataValue v = got.poll(5, TimeUnit.SECONDS);
          if (v == null) {
            break;
          }
          values.add(((UInteger) v.getValue().getValue()).intValue());
        }
        List<Object> expected = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
          expected.add(i);
        }
        assertEquals(expected, values);
        assertEquals(null, got.poll(300, TimeUnit.MILLISECONDS), "nothing twice");
      } finally {
        client.disconnect();
      }
    }
  }
}
