package io.twinua.tools.bench;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;

/**
 * Counts the data change notifications of one subscription of {@code items} items: whether every item has delivered a Good value yet, and, over a measured period, how many
 * values arrived and the longest time between two data notifications (a stalled publish shows there).
 */
final class NotificationCount implements OpcUaSubscription.SubscriptionListener {

  /** What one measured period saw. */
  record Period(long values, double seconds, double maxGapMs) {

    double perSecond() {
      return values / seconds;
    }
  }

  private final int items;
  private final Set<OpcUaMonitoredItem> good = Collections.newSetFromMap(new IdentityHashMap<>());
  private long measuredValues;
  private long startNanos;
  private long lastNanos;
  private long maxGapNanos;
  private boolean measuring;

  NotificationCount(int items) {
    this.items = items;
  }

  @Override
  public synchronized void onDataReceived(OpcUaSubscription s, List<OpcUaMonitoredItem> monitored,
      List<DataValue> values) {
    long now = System.nanoTime();
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i).getStatusCode() != null && values.get(i).getStatusCode().isGood()) {
        good.add(monitored.get(i));
      }
    }
    if (measuring) {
      measuredValues += values.size();
      maxGapNanos = Math.max(maxGapNanos, now - lastNanos);
      lastNanos = now;
    }
  }

  synchronized boolean everyItemGood() {
    return good.size() == items;
  }

  synchronized void startPeriod() {
    measuring = true;
    measuredValues = 0;
    maxGapNanos = 0;
    startNanos = System.nanoTime();
    lastNanos = startNanos;
  }

  synchronized Period endPeriod() {
    measuring = false;
    long now = System.nanoTime();
    // the time since the last notification is a gap too: a stall at the end must show
    return new Period(measuredValues, (now - startNanos) / 1e9, Math.max(maxGapNanos, now - lastNanos) / 1e6);
  }
}
