package io.twinua.tools.pair;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.twinua.tools.testing.TestProject;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;

/** Reads a station's redundancy state as any HMI client would. */
final class PairClients {

  static final int MASTER = 1;
  static final int STANDBY = 2;
  static final int FAULT = 3;

  private PairClients() {}

  static NodeId tag(OpcUaClient client, String name) {
    return new NodeId(client.getNamespaceTable().getIndex(TestProject.PLANT_NS), name);
  }

  static Object read(OpcUaClient client, NodeId node) {
    try {
      DataValue v = client.readValue(0, TimestampsToReturn.Both, node);
      return v.value().value();
    } catch (Exception e) {
      return null;
    }
  }

  /** Connects with {@code connect}, retrying while the station process starts, for at most {@code wait}. */
  static OpcUaClient whenUp(Callable<OpcUaClient> connect, Duration wait) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      try {
        return connect.call();
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200); // retry interval while the station process starts, bounded by wait
      }
    }
  }

  /** Samples both roles for {@code duration}; fails at once if both are Master at the same time. */
  static void neverTwoMasters(OpcUaClient a, OpcUaClient b, Duration duration) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      assertFalse(state(a) == MASTER && state(b) == MASTER, "two Masters");
      Thread.sleep(100); // sampling period of the observation, not a wait for an outcome
    }
  }

  /** {@code @RedundantServerState}: 0 undefined, 1 master, 2 standby, 3 fault, 4 standalone. */
  static int state(OpcUaClient client) {
    Object v = read(client, tag(client, "@RedundantServerState"));
    return v instanceof Number n ? n.intValue() : -1;
  }
}
