package io.twinua.server.sync.online;

import io.twinua.server.alarms.AlarmService;
import io.twinua.server.alarms.ConditionTransition;
import io.twinua.server.alarms.PartnerConditionState;
import io.twinua.server.health.Pulse;
import io.twinua.server.messages.SystemMessage;
import io.twinua.server.redundancy.LinkState;
import io.twinua.server.sync.GapSync;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online sync of alarm operator state with the partner station. Each station subscribes to its
 * partner's condition events over the partner link and takes over the operator changes made there
 * ({@link AlarmService#applyPartnerState}: newest change by source time wins; a state equal to
 * ours changes nothing, so no change travels back and forth).
 *
 * <p>Why this way and not by calling a method on the partner: the subscription carries the
 * partner's whole condition state, not a command, so the same code serves live changes and the
 * catch-up after an outage (the partner's current states, read from its condition nodes, go through
 * the same newest-wins rule), needs no queue of unsent commands while the link is down and no new
 * server method with its own access check. The catch-up reads the nodes rather than calling
 * ConditionRefresh, which replays retained conditions only and so would miss a condition disabled,
 * or acknowledged after it went inactive, while the link was down.
 *
 * <p>Threads: one worker of its own subscribes, reads and applies, in order; Milo's delivery
 * thread only hands states to it through a bounded {@link PartnerInbox}. A burst the worker
 * cannot take (or one the partner's own event queue could not hold) is not dropped silently: it
 * raises 1012244 once per spell and, once the queued states are applied, the worker reads the
 * partner's current states and applies them by the same newest-wins rule (each event is a whole
 * state, so the current one stands for every dropped one). It checks the link every {@link #CHECK_PERIOD}: while the link
 * is down it does nothing (and drops its subscription); when the link is up with a client it has
 * no subscription on (link back, new client, partner restarted) it subscribes anew and reads the
 * partner's current states.
 */
public final class PartnerAlarmSync implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PartnerAlarmSync.class);
  static final Duration CHECK_PERIOD = Duration.ofMillis(250);
  /** Partner states waiting to be applied, at most: as many as the partner's event queue holds. */
  public static final int QUEUE_BOUND = PartnerEventItem.QUEUE_SIZE;

  private final Supplier<LinkState> linkState;
  private final Supplier<Optional<OpcUaClient>> partnerClient;
  private final AlarmService alarms;
  private final String partnerName;
  private final String plantNamespaceUri;
  private final Map<String, NodeId> localIds = new HashMap<>();
  private final SyncThread worker;
  private final Pulse pulse = new Pulse();
  private final PartnerInbox<PartnerConditionState> inbox;
  private PartnerAlarmEvents events; // worker thread only
  private String lastProblem; // worker thread only
  private volatile boolean closed;

  /**
   * @param linkState the partner link's state ({@code PartnerLink::state})
   * @param partnerClient the partner link's client ({@code PartnerLink::client})
   * @param messages where 1012244 (a burst too large for the queue) is raised
   * @param queueBound partner states that may wait to be applied ({@link #QUEUE_BOUND})
   */
  public PartnerAlarmSync(Supplier<LinkState> linkState, Supplier<Optional<OpcUaClient>> partnerClient,
      AlarmService alarms, String partnerName, String plantNamespaceUri, String stationName,
      GapSync.Messages messages, int queueBound) {
    this.linkState = linkState;
    this.partnerClient = partnerClient;
    this.alarms = alarms;
    this.partnerName = partnerName;
    this.plantNamespaceUri = plantNamespaceUri;
    for (NodeId id : alarms.conditionIds()) {
      if (id.getIdentifier() instanceof String identifier) {
        localIds.put(identifier, id);
      }
    }
    this.inbox = new PartnerInbox<>(queueBound, () -> {
      LOG.warn("alarm sync with {}: more operator changes than it can take at once, reconciling", partnerName);
      messages.raise(SystemMessage.ONLINE_SYNC_OVERLOAD, "alarm operator changes from " + partnerName
          + " came faster than they could be applied (queue of " + queueBound
          + "); the partner's current alarm states are read and applied when the burst has passed");
    });
    this.worker = new SyncThread(stationName + "-alarm-sync", this::drain);
  }

  public void start() {
    if (localIds.isEmpty()) {
      return; // no alarms, nothing to sync
    }
    pulse.every(CHECK_PERIOD); // a check that no longer runs is a dead worker
    worker.every(CHECK_PERIOD, this::check);
  }

  /** The worker's sign of life for the application health check: busy during each check and each state applied. */
  public Pulse pulse() {
    return pulse;
  }

  private void check() {
    pulse.busy();
    try {
      if (closed) {
        return;
      }
      // a spell ends at a check that finds nothing queued since the last drain and nothing left to
      // reconcile, not at each drain: a burst that reaches us in several publishes is one report
      if (!worker.drainQueued() && inbox.settle()) {
        LOG.info("alarm sync with {}: burst over, reconciled with its current alarm states ({} dropped in all)",
            partnerName, inbox.dropped());
      }
      OpcUaClient client = linkState.get() == LinkState.UP ? partnerClient.get().orElse(null) : null;
      if (events != null && (client != events.client() || events.broken())) {
        events.close(); // link down, another client or lost at the partner: catch up anew on return
        events = null;
      }
      if (client == null || events != null) {
        return;
      }
      // subscribe first, then read: a change in between comes as an event, and newest wins
      events = PartnerAlarmEvents.subscribe(client, plantNamespaceUri, localIds, partnerName,
          state -> {
            if (!inbox.offer(state)) {
              inbox.lost();
            }
            worker.drainSoon();
          },
          () -> {
            inbox.lost();
            worker.drainSoon();
          });
      inbox.takeReconcile(); // this read is the reconcile
      List<PartnerConditionState> current = PartnerConditionReader.read(client, events.partnerIndex(), localIds,
          partnerName);
      current.forEach(this::apply);
      worker.drainSoon();
      lastProblem = null;
      LOG.info("alarm sync with {}: subscribed to its condition events, read {} condition state(s)", partnerName,
          current.size());
    } catch (Exception e) {
      if (events != null) {
        events.close();
        events = null;
      }
      String problem = String.valueOf(e.getMessage());
      if (!problem.equals(lastProblem)) {
        LOG.warn("alarm sync with {}: cannot subscribe to its condition events (tried again): {}", partnerName, problem);
      }
      lastProblem = problem;
    } finally {
      pulse.idle();
    }
  }

  /** Applies the queued partner states, then reconciles if any were dropped (worker thread). */
  private void drain() {
    pulse.busy();
    try {
      PartnerConditionState state;
      while ((state = inbox.poll()) != null) {
        apply(state);
        pulse.beat();
      }
      if (inbox.takeReconcile()) {
        reconcile();
      }
    } finally {
      pulse.idle();
    }
  }

  private void reconcile() {
    PartnerAlarmEvents current = events;
    if (closed || current == null || linkState.get() != LinkState.UP) {
      inbox.reconcileLater(); // the read when the link is back is the reconcile
      return;
    }
    try {
      PartnerConditionReader.read(current.client(), current.partnerIndex(), localIds, partnerName)
          .forEach(this::apply);
    } catch (Exception e) {
      LOG.warn("alarm sync with {}: cannot read its alarm states after a burst (tried again): {}", partnerName,
          e.getMessage());
      inbox.reconcileLater();
      current.close(); // a new subscription and its read are the retry
      events = null;
    }
  }

  private void apply(PartnerConditionState state) {
    if (closed || linkState.get() != LinkState.UP) {
      return; // only while the link is up; the read on return catches up
    }
    List<ConditionTransition.Kind> applied = alarms.applyPartnerState(state);
    if (!applied.isEmpty()) {
      LOG.info("alarm {}: {} taken over from {}", state.conditionId().getIdentifier(), applied, partnerName);
    }
  }

  @Override
  public void close() {
    closed = true;
    worker.close(() -> {
      if (events != null) {
        events.close();
        events = null;
      }
    });
  }
}
