package io.twinua.tools.station;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.config.HistorySettings;
import io.twinua.server.security.Role;
import io.twinua.server.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 items 4 and 5 on a whole station: a HistoryRead of many nodes with numValuesPerNode 0
 * returns at most history.maxValuesPerRequest values in all, every point it hands out leads to
 * values, and the nodes beyond the session's points get Bad_NoContinuationPoints.
 */
class StationHistoryBoundsTest {

  private static final String TAG = "Plant.Intake.Pump1.RunSeconds";

  @TempDir Path dir;

  @Test
  void manyNodesWithNoCountShareOneBoundedResponse() throws Exception {
    String history = "\nhistory:\n  maxValuesPerRequest: 100\n";
    try (TestPlant plant = TestPlant.start(dir, 50, p -> p + history)) {
      HistorySettings limits = plant.station().project().history();
      Await.until(Duration.ofSeconds(30), "archived values",
          () -> plant.station().archive().values().count(TAG) > limits.maxValuesPerRequest() / 2);
      plant.station().archive().values().flush();
      OpcUaClient viewer = plant.login(Role.VIEWER);
      try {
        int ns = viewer.getNamespaceTable().getIndex(TestPlant.NS).intValue();
        var details = new ReadRawModifiedDetails(false, new DateTime(1), DateTime.now(), uint(0), false);
        int nodes = limits.continuationPointsPerSession() * 3;
        List<HistoryReadValueId> ids = Collections.nCopies(nodes,
            new HistoryReadValueId(new NodeId(ns, TAG), null, QualifiedName.NULL_VALUE, ByteString.NULL_VALUE));
        HistoryReadResult[] results = viewer.historyRead(details, TimestampsToReturn.Both, false, ids).getResults();
        int values = 0;
        List<ByteString> points = new ArrayList<>();
        int noPoints = 0;
        for (HistoryReadResult r : results) {
          values += count(viewer, r);
          if (r.getContinuationPoint() != null && r.getContinuationPoint().isNotNull()) {
            points.add(r.getContinuationPoint());
          }
          if (r.getStatusCode().getValue() == StatusCodes.Bad_NoContinuationPoints) {
            noPoints++;
          }
        }
        System.out.printf("HistoryRead of %d nodes, numValuesPerNode 0: %d values, %d points, %d Bad_NoContinuationPoints%n",
            nodes, values, points.size(), noPoints);
        assertTrue(values <= limits.maxValuesPerRequest(), values + " values in one response");
        assertEquals(limits.continuationPointsPerSession(), points.size(), "points handed out");
        assertTrue(noPoints > 0, "nodes beyond the points are told so");
        for (ByteString cp : points) {
          HistoryReadResult next = viewer.historyRead(details, TimestampsToReturn.Both, false,
              List.of(new HistoryReadValueId(new NodeId(ns, TAG), null, QualifiedName.NULL_VALUE, cp))).getResults()[0];
          assertTrue(next.getStatusCode().isGood(), "a handed-out point is honoured: " + next.getStatusCode());
        }
      } finally {
        viewer.disconnectAsync();
      }
    }
  }

  /**
   * Milo 1.1.2 answered a response larger than the client announced with Bad_InternalError: the
   * station now cuts the page where the client's limit is reached and hands out a point for the rest.
   */
  @Test
  void largeValuesArePagedWithinTheClientsResponseLimit() throws Exception {
    try (TestPlant plant = TestPlant.start(dir, 1000, p -> p.replace(
        "node: Plant.OperatorNote\n    archive: false", "node: Plant.OperatorNote\n    archive: true"))) {
      OpcUaClient operator = plant.login(Role.OPERATOR);
      try {
        int ns = operator.getNamespaceTable().getIndex(TestPlant.NS).intValue();
        NodeId note = new NodeId(ns, "Plant.OperatorNote");
        int writes = 4;
        for (int i = 0; i < writes; i++) {
          String megabyte = i + "x".repeat((1 << 20) - 1);
          assertTrue(operator.writeValues(List.of(note), List.of(DataValue.valueOnly(new Variant(megabyte)))).get(0).isGood());
        }
        plant.station().archive().values().flush();
        var details = new ReadRawModifiedDetails(false, new DateTime(1), DateTime.now(), uint(0), false);
        long announced = operator.getConfig().getEncodingLimits().getMaxMessageSize();
        List<Integer> pages = new ArrayList<>();
        ByteString cp = ByteString.NULL_VALUE;
        do {
          HistoryReadResult r = operator.historyRead(details, TimestampsToReturn.Both, false,
              List.of(new HistoryReadValueId(note, null, QualifiedName.NULL_VALUE, cp))).getResults()[0];
          assertTrue(r.getStatusCode().isGood(), r.getStatusCode().toString());
          pages.add(count(operator, r));
          cp = r.getContinuationPoint();
        } while (cp != null && cp.isNotNull() && pages.size() < 2 * writes);
        System.out.printf("4 values of 1 MiB, client limit %d bytes: pages %s%n", announced, pages);
        assertEquals(writes, pages.stream().mapToInt(Integer::intValue).sum(), "every value, in pages " + pages);
        assertTrue(pages.size() > 1, "more than one page: " + pages);
      } finally {
        operator.disconnectAsync();
      }
    }
  }

  private static int count(OpcUaClient client, HistoryReadResult r) {
    if (r.getHistoryData() == null || r.getHistoryData().isNull()) {
      return 0;
    }
    HistoryData data = (HistoryData) r.getHistoryData().decode(client.getStaticEncodingContext());
    return data.getDataValues() == null ? 0 : data.getDataValues().length;
  }
}
