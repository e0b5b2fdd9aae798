package io.twinua.switcher;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Reads a switch's gap from the new server's history: raw values of one node from the last
 * delivered source time until now (Part 11 ReadRaw, following continuation points), oldest
 * first. The new server archived them through its own process connection while the client was
 * still on the old one.
 */
final class Backfill {

  private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);
  /** The end bound is exclusive (Part 11 §6.4.3.2); a margin for the client's clock running behind. */
  private static final Duration END_MARGIN = Duration.ofSeconds(5);

  private final Clock clock;

  Backfill(Clock clock) {
    this.clock = clock;
  }

  /** Values with a source time at or after {@code fromUtc}; empty if the server has no history of the node. */
  List<DataValue> read(OpcUaClient client, NodeId node, long fromUtc) {
    var details = new ReadRawModifiedDetails(false, new DateTime(fromUtc),
        new DateTime(clock.instant().plus(END_MARGIN)), uint(0), false);
    List<DataValue> values = new ArrayList<>();
    ByteString continuation = ByteString.NULL_VALUE;
    try {
      do {
        var id = new HistoryReadValueId(node, null, QualifiedName.NULL_VALUE, continuation);
        HistoryReadResult result = client.historyRead(details, TimestampsToReturn.Both, false, List.of(id)).getResults()[0];
        if (!result.getStatusCode().isGood()) {
          LOG.info("no history of {} to backfill ({})", node, result.getStatusCode());
          break;
        }
        if (result.getHistoryData() != null && !result.getHistoryData().isNull()
            && result.getHistoryData().decode(client.getStaticEncodingContext()) instanceof HistoryData data
            && data.getDataValues() != null) {
          values.addAll(List.of(data.getDataValues()));
        }
        continuation = result.getContinuationPoint();
      } while (continuation != null && continuation.isNotNull());
    } catch (UaException e) {
      LOG.warn("backfill of {} failed after {} values: {}", node, values.size(), e.getMessage());
      if (continuation != null && continuation.isNotNull()) {
        release(client, node, details, continuation);
      }
    }
    values.sort(Comparator.comparingLong(v -> v.getSourceTime() == null ? Long.MIN_VALUE : v.getSourceTime().getUtcTime()));
    return values;
  }

  private static void release(OpcUaClient client, NodeId node, ReadRawModifiedDetails details, ByteString continuation) {
    client.historyReadAsync(details, TimestampsToReturn.Neither, true,
        List.of(new HistoryReadValueId(node, null, QualifiedName.NULL_VALUE, continuation)));
  }
}
