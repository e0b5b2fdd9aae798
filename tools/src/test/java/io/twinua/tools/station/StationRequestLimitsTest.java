package io.twinua.tools.station;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.security.Role;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 5 on a whole station: the project's {@code requests:} section sets what one request
 * may name and how large a message may be; the station advertises and enforces it.
 */
class StationRequestLimitsTest {

  private static final String REQUESTS =
      "\nrequests:\n  maxNodesPerRead: 500\n  maxNodesPerHistoryRead: 20\n  maxMessageSizeBytes: 524288\n";

  @TempDir Path dir;

  @Test
  void oneRequestStaysWithinTheProjectsLimits() throws Exception {
    try (TestPlant plant = TestPlant.start(dir, 1000, p -> p + REQUESTS)) {
      OpcUaClient operator = plant.login(Role.OPERATOR);
      try {
        assertEquals(uint(500), value(operator, NodeIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerRead));
        assertEquals(uint(20), value(operator, NodeIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerHistoryReadData));
        assertEquals(uint(262144), value(operator, NodeIds.Server_ServerCapabilities_MaxStringLength));

        List<NodeId> time501 = Collections.nCopies(501, NodeIds.Server_ServerStatus_CurrentTime);
        assertEquals("Bad_TooManyOperations", refusal(() -> operator.readValuesAsync(0.0, TimestampsToReturn.Neither,
            time501).get(10, TimeUnit.SECONDS)));

        // Milo 1.1.2 advertises MaxNodesPerHistoryReadData but served any number of nodes
        int ns = operator.getNamespaceTable().getIndex(TestPlant.NS).intValue();
        var details = new ReadRawModifiedDetails(false, new DateTime(1), DateTime.now(), uint(1), false);
        List<HistoryReadValueId> ids = Collections.nCopies(21, new HistoryReadValueId(
            new NodeId(ns, "Plant.Intake.Pump1.RunSeconds"), null, QualifiedName.NULL_VALUE, ByteString.NULL_VALUE));
        assertEquals("Bad_TooManyOperations", refusal(() -> operator.historyReadAsync(details, TimestampsToReturn.Both,
            false, ids).get(10, TimeUnit.SECONDS)));
        assertTrue(operator.historyReadAsync(details, TimestampsToReturn.Both, false, ids.subList(0, 20))
            .get(10, TimeUnit.SECONDS).getResponseHeader().getServiceResult().isGood(), "20 nodes are served");

        // the client announced 2 MiB, the station sends at most 512 KiB (Milo 1.1.2 sent any size)
        NodeId note = new NodeId(ns, "Plant.OperatorNote");
        assertTrue(operator.writeValues(List.of(note), List.of(DataValue.valueOnly(new Variant("n".repeat(300_000)))))
            .get(0).isGood());
        assertEquals(1, operator.readValuesAsync(0.0, TimestampsToReturn.Neither, List.of(note))
            .get(10, TimeUnit.SECONDS).size(), "300 kB fit into 512 KiB");
        assertEquals("Bad_ResponseTooLarge", refusal(() -> operator.readValuesAsync(0.0, TimestampsToReturn.Neither,
            List.of(note, note)).get(10, TimeUnit.SECONDS)));
      } finally {
        operator.disconnectAsync();
      }
    }
  }

  private interface Request {
    Object send() throws Exception;
  }

  /** The name of the service result {@code request} failed with. */
  private static String refusal(Request request) {
    ExecutionException e = assertThrows(ExecutionException.class, request::send);
    long status = UaException.extractStatusCode(e).map(s -> s.getValue()).orElse(0L);
    return StatusCodes.lookup(status).map(n -> n[0]).orElse(Long.toHexString(status));
  }

  private static Object value(OpcUaClient client, NodeId id) throws Exception {
    return client.readValuesAsync(0.0, TimestampsToReturn.Neither, List.of(id)).get(10, TimeUnit.SECONDS)
        .get(0).getValue().getValue();
  }
}
