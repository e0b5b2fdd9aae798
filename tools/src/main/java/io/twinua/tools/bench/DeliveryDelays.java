package io.twinua.tools.bench;

import java.util.List;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;

/**
 * A subscription's listener that counts notifications as {@link NotificationCount} does and, while
 * recording, the delay of each Good value from its source time (set by the AS) to its arrival
 * here. The AS must run on this machine's clock (the PLC simulator in this process), or the
 * delays hold the clock offset.
 */
final class DeliveryDelays implements OpcUaSubscription.SubscriptionListener {

  private static final long NANOS_PER_TICK = 100;

  private final NotificationCount count;
  private volatile Latencies recording;

  DeliveryDelays(int items) {
    this.count = new NotificationCount(items);
  }

  @Override
  public void onDataReceived(OpcUaSubscription s, List<OpcUaMonitoredItem> items, List<DataValue> values) {
    long now = DateTime.now().getUtcTime();
    count.onDataReceived(s, items, values);
    Latencies into = recording;
    if (into == null) {
      return;
    }
    for (DataValue v : values) {
      DateTime source = v.getSourceTime();
      if (source != null && v.getStatusCode() != null && v.getStatusCode().isGood()) {
        into.add(Math.max(0, now - source.getUtcTime()) * NANOS_PER_TICK);
      }
    }
  }

  boolean everyItemGood() {
    return count.everyItemGood();
  }

  /** Delays of values arriving from now on go to {@code into}; null: not recorded. */
  void recordInto(Latencies into) {
    recording = into;
  }
}
