package io.twinua.server.station;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.items.BaseMonitoredItem;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.EventItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredDataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredEventItem;
import org.eclipse.milo.opcua.sdk.server.subscriptions.Subscription;
import org.eclipse.milo.opcua.sdk.server.subscriptions.SubscriptionDeletedEvent;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the subscriptions of sessions that ended without deleting them. Milo 1.1.2 keeps a timed
 * out session's subscriptions for a TransferSubscriptions that may never come, and once their
 * lifetime has run out they wait for a Publish that cannot come either: every HMI client that fails
 * over without closing its session (a pulled cable, a crash, the partner's death) leaves one behind
 * with its monitored items still sampled, so client churn grows the station without bound. Here a
 * subscription whose session is gone is kept for its own lifetime (lifetime count x publishing
 * interval, Part 4 §5.13.1: the window for a transfer), then deleted as DeleteSubscriptions would.
 */
final class AbandonedSubscriptions {

  private static final Logger LOG = LoggerFactory.getLogger(AbandonedSubscriptions.class);
  static final Duration PERIOD = Duration.ofSeconds(5);

  private final OpcUaServer server;
  // executor thread only (one sweep at a time: the scheduler runs them with a fixed delay)
  private final Map<UInteger, Long> orphanSince = new HashMap<>();

  AbandonedSubscriptions(OpcUaServer server) {
    this.server = server;
  }

  /** Sweeps every {@link #PERIOD} on {@code executor}; cancel the returned future to stop. */
  ScheduledFuture<?> start(ScheduledExecutorService scheduler, Executor executor) {
    return scheduler.scheduleWithFixedDelay(() -> executor.execute(this::sweepSafely), PERIOD.toMillis(),
        PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sweepSafely() {
    try {
      sweep(System.nanoTime());
    } catch (RuntimeException e) {
      LOG.warn("abandoned subscriptions not swept: {}", e.toString());
    }
  }

  /** One sweep at {@code nowNanos}; returns how many subscriptions it deleted. */
  synchronized int sweep(long nowNanos) {
    Set<NodeId> live = new HashSet<>();
    for (Session s : server.getSessionManager().getAllSessions()) {
      live.add(s.getSessionId());
    }
    Set<UInteger> seen = new HashSet<>();
    List<Subscription> expired = new ArrayList<>();
    for (Subscription sub : List.copyOf(server.getSubscriptions().values())) {
      Session owner = sub.getSession();
      if (owner != null && live.contains(owner.getSessionId())) {
        continue;
      }
      seen.add(sub.getId());
      long since = orphanSince.computeIfAbsent(sub.getId(), id -> nowNanos);
      long lifetimeNanos = (long) (sub.getLifetimeCount() * sub.getPublishingInterval() * 1_000_000d);
      if (nowNanos - since >= lifetimeNanos) {
        expired.add(sub);
      }
    }
    orphanSince.keySet().retainAll(seen);
    int items = 0;
    for (Subscription sub : expired) {
      items += delete(sub);
      orphanSince.remove(sub.getId());
    }
    if (!expired.isEmpty()) {
      LOG.info("deleted {} subscription(s) with {} monitored item(s) left by sessions that ended without deleting"
          + " them, after their lifetime", expired.size(), items);
    }
    return expired.size();
  }

  private int delete(Subscription sub) {
    if (server.getSubscriptions().remove(sub.getId()) == null) {
      return 0; // transferred or deleted meanwhile
    }
    server.getInternalEventBus().post(new SubscriptionDeletedEvent(sub));
    List<BaseMonitoredItem<?>> items = sub.deleteSubscription();
    List<DataItem> dataItems = new ArrayList<>();
    List<EventItem> eventItems = new ArrayList<>();
    for (BaseMonitoredItem<?> item : items) {
      if (item instanceof MonitoredDataItem d) {
        dataItems.add(d);
      } else if (item instanceof MonitoredEventItem e) {
        eventItems.add(e);
      }
    }
    // the namespaces stop sampling them
    if (!dataItems.isEmpty()) {
      server.getAddressSpaceManager().onDataItemsDeleted(dataItems);
    }
    if (!eventItems.isEmpty()) {
      server.getAddressSpaceManager().onEventItemsDeleted(eventItems);
    }
    server.getMonitoredItemCount().getAndUpdate(n -> n - items.size());
    return items.size();
  }
}
