package io.twinua.tools.bench;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;

/** HistoryRead "read raw" as an HMI does it, with a real Milo client. */
final class HistoryReads {

  /** Milo's default OperationLimits/MaxNodesPerHistoryReadData, which the station keeps. */
  static final int MAX_NODES_PER_REQUEST = 250;

  private HistoryReads() {}

  /**
   * The nodes that have no archived value with source time at or after {@code since}. Reads with
   * only a start time and numValuesPerNode 1 (Part 11 §6.4.3.2: a total count, so the server keeps
   * no continuation points), {@value #MAX_NODES_PER_REQUEST} nodes per request.
   *
   * @throws UaException if the service fails or a node answers with a Bad status
   */
  static List<NodeId> withoutHistory(OpcUaClient client, List<NodeId> nodes, DateTime since)
      throws UaException {
    var details = new ReadRawModifiedDetails(false, since, DateTime.MIN_VALUE, uint(1), false);
    List<NodeId> missing = new ArrayList<>();
    for (int from = 0; from < nodes.size(); from += MAX_NODES_PER_REQUEST) {
      List<NodeId> batch = nodes.subList(from, Math.min(nodes.size(), from + MAX_NODES_PER_REQUEST));
      List<HistoryReadValueId> ids = batch.stream()
          .map(n -> new HistoryReadValueId(n, null, QualifiedName.NULL_VALUE, ByteString.NULL_VALUE))
          .toList();
      HistoryReadResult[] results =
          client.historyRead(details, TimestampsToReturn.Source, false, ids).getResults();
      for (int i = 0; i < batch.size(); i++) {
        HistoryReadResult r = results[i];
        if (r.getStatusCode().isBad()) {
          throw new UaException(r.getStatusCode(), "history read of " + batch.get(i) + ": " + r.getStatusCode());
        }
        if (r.getStatusCode().getValue() == StatusCodes.Good_NoData || values(client, r).length == 0) {
          missing.add(batch.get(i));
        }
      }
    }
    return missing;
  }

  /**
   * Waits until every one of {@code nodes} has an archived value with source time at or after
   * {@code since}, asking each second only for those still without; {@code check} runs before each
   * poll and throws to give up (e.g. when the station process ended).
   */
  static void untilEachHasHistory(OpcUaClient client, List<NodeId> nodes, DateTime since, Duration timeout,
      Runnable check) throws Exception {
    List<List<NodeId>> left = new ArrayList<>(List.of(nodes));
    Polling.until("every tag archived at least once", timeout, Duration.ofSeconds(1), () -> {
      check.run();
      left.set(0, withoutHistory(client, left.get(0), since));
      return left.get(0).isEmpty();
    });
  }

  /**
   * Reads every raw value of {@code node} with {@code start <= source time < end} in pages of
   * {@code pageSize} (numValuesPerNode), following continuation points; each page goes to
   * {@code page} as the client decoded it.
   *
   * @return the number of values read
   */
  static long readAll(
      OpcUaClient client, NodeId node, DateTime start, DateTime end, int pageSize, Consumer<DataValue[]> page)
      throws UaException {
    var details = new ReadRawModifiedDetails(false, start, end, uint(pageSize), false);
    long n = 0;
    ByteString point = ByteString.NULL_VALUE;
    do {
      HistoryReadResult r = client.historyRead(details, TimestampsToReturn.Both, false,
          List.of(new HistoryReadValueId(node, null, QualifiedName.NULL_VALUE, point))).getResults()[0];
      if (!r.getStatusCode().isGood()) {
        throw new UaException(r.getStatusCode(), "history read of " + node + " after " + n + " values: " + r.getStatusCode());
      }
      DataValue[] values = values(client, r);
      n += values.length;
      page.accept(values);
      point = r.getContinuationPoint();
    } while (point != null && point.isNotNull());
    return n;
  }

  private static DataValue[] values(OpcUaClient client, HistoryReadResult r) {
    if (r.getHistoryData() == null || r.getHistoryData().isNull()) {
      return new DataValue[0];
    }
    HistoryData data = (HistoryData) r.getHistoryData().decode(client.getStaticEncodingContext());
    return data.getDataValues() == null ? new DataValue[0] : data.getDataValues();
  }
}
