package io.twinua.server.sync.online;

import io.twinua.server.archive.MessageRecord;
import io.twinua.server.archive.Ticks;
import io.twinua.server.health.Pulse;
import io.twinua.server.messages.SystemMessage;
import io.twinua.server.redundancy.LinkState;
import io.twinua.server.sync.EventRecords;
import io.twinua.server.sync.GapSync;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online sync of system messages (1012200, 1012222, ...) with the partner station: each station
 * subscribes to its partner's SystemEventType events over the partner link and writes each one
 * into its own message archive as it happens, with the partner's EventId (so the gap resync and a
 * repeat store it once) and the partner as the station it arose on.
 *
 * <p>No echo: a taken-over message goes to the archive only. It is not raised again here (no
 * event, no redundancy-log line), so the partner's subscription to this station's events never
 * sees it; messages naming this station as their source are ignored besides.
 *
 * <p>Why a subscription of its own and not a second item in the alarm sync's: the two catch up
 * differently (alarm states by reading the partner's condition nodes, newest wins; messages by
 * reading the partner's event history of a window), and the alarm sync does not run in a project
 * without alarms. Why the catch-up goes through {@link GapSync#resyncMessages}: that window is
 * kept in the gap ledger until filled, survives a restart or a link loss, waits for the partner to
 * commit it and is paced like any outage, so nothing of it is written here twice.
 *
 * <p>Threads: one worker of its own subscribes and archives; Milo's delivery thread only hands
 * messages to it through a bounded {@link PartnerInbox}. A burst the inbox (or the partner's event
 * queue) cannot hold raises 1012244 once per spell (it ends at the first {@link #CHECK_PERIOD} check
 * that finds nothing queued), and once the queued messages are archived the
 * dropped ones are fetched from the partner's event history: the window from the last message
 * taken before the first drop to the newest time seen (or now).
 */
public final class PartnerMessageSync implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PartnerMessageSync.class);
  static final Duration CHECK_PERIOD = Duration.ofMillis(250);
  /** Partner messages waiting to be archived, at most: as many as the partner's event queue holds. */
  public static final int QUEUE_BOUND = PartnerEventItem.QUEUE_SIZE;
  private static final long NONE = Long.MIN_VALUE;

  /** Where dropped messages are fetched from the partner's event history ({@link GapSync#resyncMessages}). */
  @FunctionalInterface
  public interface CatchUp {
    void messages(long fromTicks, long toTicks, String reason);
  }

  private final Supplier<LinkState> linkState;
  private final Supplier<Optional<OpcUaClient>> partnerClient;
  private final String partnerName;
  private final String stationName;
  private final Consumer<MessageRecord> archive;
  private final CatchUp catchUp;
  private final Clock clock;
  private final SyncThread worker;
  private final Pulse pulse = new Pulse();
  private final PartnerInbox<MessageRecord> inbox;
  // delivery thread writes, worker reads: the window of what was dropped
  private final AtomicLong lastTaken = new AtomicLong(NONE); // Time of the newest message that fit
  private final AtomicLong lostFrom = new AtomicLong(NONE);
  private final AtomicLong newestSeen = new AtomicLong(NONE);
  private OpcUaClient subscribedClient; // worker thread only
  private OpcUaSubscription subscription; // worker thread only
  private volatile boolean subscribed;
  private volatile boolean broken;
  private String lastProblem; // worker thread only
  private volatile boolean closed;

  /**
   * @param linkState the partner link's state ({@code PartnerLink::state})
   * @param partnerClient the partner link's client ({@code PartnerLink::client})
   * @param partnerName the partner station's name (the source name of its system messages)
   * @param archive this station's message archive ({@code MessageArchive::appendWaiting}; called
   *     on the worker, may wait)
   * @param messages where 1012244 (a burst too large for the queue) is raised
   * @param queueBound partner messages that may wait to be archived ({@link #QUEUE_BOUND})
   */
  public PartnerMessageSync(Supplier<LinkState> linkState, Supplier<Optional<OpcUaClient>> partnerClient,
      String partnerName, String stationName, Consumer<MessageRecord> archive, CatchUp catchUp,
      GapSync.Messages messages, int queueBound, Clock clock) {
    this.linkState = linkState;
    this.partnerClient = partnerClient;
    this.partnerName = partnerName;
    this.stationName = stationName;
    this.archive = archive;
    this.catchUp = catchUp;
    this.clock = clock;
    this.inbox = new PartnerInbox<>(queueBound, () -> {
      LOG.warn("message sync with {}: more messages than it can take at once, fetching the rest", partnerName);
      messages.raise(SystemMessage.ONLINE_SYNC_OVERLOAD, "system messages from " + partnerName
          + " came faster than they could be archived (queue of " + queueBound
          + "); the missed ones are read from its event history when the burst has passed");
    });
    this.worker = new SyncThread(stationName + "-message-sync", this::drain);
  }

  public void start() {
    pulse.every(CHECK_PERIOD); // a check that no longer runs is a dead worker
    worker.every(CHECK_PERIOD, this::check);
  }

  /** The worker's sign of life for the application health check. */
  public Pulse pulse() {
    return pulse;
  }

  /** True while it holds a subscription to the partner's system messages: they are taken over from then on. */
  public boolean subscribed() {
    return subscribed;
  }

  /** Subscribes when the link is up with a client it has no subscription on (worker thread). */
  private void check() {
    pulse.busy();
    try {
      if (closed) {
        return;
      }
      // a spell of drops ends at a check that finds nothing queued or dropped since the last
      // drain, not at each drain: a burst spread over several publishes is one report
      if (!worker.drainQueued() && inbox.settle()) {
        LOG.info("message sync with {}: burst over ({} messages dropped in all, fetched from its history)",
            partnerName, inbox.dropped());
      }
      OpcUaClient client = linkState.get() == LinkState.UP ? partnerClient.get().orElse(null) : null;
      if (subscription != null && (client != subscribedClient || broken)) {
        unsubscribe(); // link down, another client or lost at the partner: the gap resync covers the outage
      }
      if (client == null || subscription != null) {
        return;
      }
      broken = false;
      // messages before now belong to the outage the gap resync fills; a loss before the first
      // message taken is fetched from here on
      lastTaken.set(Ticks.now(clock));
      subscription = PartnerEventItem.subscribe(client, NodeIds.SystemEventType, EventRecords.systemEventSelect(),
          this::offer, () -> lost(NONE), () -> broken = true);
      subscribedClient = client;
      subscribed = true;
      lastProblem = null;
      LOG.info("message sync with {}: subscribed to its system messages", partnerName);
    } catch (Exception e) {
      String problem = String.valueOf(e.getMessage());
      if (!problem.equals(lastProblem)) {
        LOG.warn("message sync with {}: cannot subscribe to its system messages (tried again): {}", partnerName,
            problem);
      }
      lastProblem = problem;
    } finally {
      pulse.idle();
    }
  }

  /** One partner event (Milo's delivery thread): a system message of the partner's goes to the inbox. */
  private void offer(Variant[] fields) {
    Optional<MessageRecord> record = EventRecords.ofSystemEvent(fields, partnerName)
        .filter(r -> r.messageNumber() != null && r.eventType().equals(NodeIds.SystemEventType.toParseableString()))
        .filter(r -> !r.stationName().equals(stationName)); // never our own, whatever the partner sends
    if (record.isEmpty()) {
      return;
    }
    long time = record.get().timeTicks();
    newestSeen.accumulateAndGet(time, Math::max);
    if (inbox.offer(record.get())) {
      lastTaken.accumulateAndGet(time, Math::max);
    } else {
      lost(time);
    }
    worker.drainSoon();
  }

  /** Messages were dropped (Milo's delivery thread); {@code time} of the dropped one if known. */
  private void lost(long time) {
    lostFrom.compareAndSet(NONE, lastTaken.get()); // the first drop of a window: nothing after this was surely taken
    if (time != NONE) {
      newestSeen.accumulateAndGet(time, Math::max);
    }
    inbox.lost();
    worker.drainSoon();
  }

  /** Archives the queued messages, then asks for the window of the dropped ones (worker thread). */
  private void drain() {
    pulse.busy();
    try {
      MessageRecord record;
      while ((record = inbox.poll()) != null) {
        archive.accept(record);
        pulse.beat();
      }
      if (inbox.takeReconcile()) {
        long from = lostFrom.getAndSet(NONE);
        long to = Math.max(Ticks.now(clock), newestSeen.get() + 1);
        if (from == NONE) {
          from = lastTaken.get(); // dropped just now, after the flag was read: this window still covers it
        }
        LOG.info("message sync with {}: fetching the messages it dropped in [{}, {}) from the partner's history",
            partnerName, Ticks.toInstant(from), Ticks.toInstant(to));
        catchUp.messages(from, to, "system messages of " + partnerName + " missed by the online sync");
      }
    } catch (RuntimeException e) {
      LOG.error("message sync with {}: archiving a message failed", partnerName, e);
    } finally {
      pulse.idle();
    }
  }

  private void unsubscribe() {
    subscribed = false;
    subscription.deleteAsync();
    subscription = null;
    subscribedClient = null;
  }

  @Override
  public void close() {
    closed = true;
    worker.close(() -> {
      if (subscription != null) {
        unsubscribe();
      }
    });
  }
}
