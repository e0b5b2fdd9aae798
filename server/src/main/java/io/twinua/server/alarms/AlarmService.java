package io.twinua.server.alarms;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespace;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.UaNodeManager;
import org.eclipse.milo.opcua.sdk.server.items.BaseMonitoredItem;
import org.eclipse.milo.opcua.sdk.server.items.EventItem;
import org.eclipse.milo.opcua.sdk.server.model.objects.BaseEventTypeNode;
import org.eclipse.milo.opcua.sdk.server.subscriptions.Subscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limit alarms as OPC UA conditions on a Milo 1.1.2 server.
 *
 * <p>For every {@link LimitAlarmDefinition} it creates an ExclusiveLimitAlarmType condition {@code
 * ns=<namespace>;s=<source>.Alarm.<name>} with a HasCondition reference from its source, feeds
 * source values through the {@link LimitAlarmState}, fires an event for each transition and hands
 * an {@link AlarmRecord} to the sink (the station's message archive). It implements Acknowledge,
 * AddComment, Enable and Disable on the conditions and ConditionRefresh / ConditionRefresh2 for the
 * whole server.
 *
 * <p>Lifecycle: construct, {@link #restore} (optional), {@link #startup()} after the OPC UA server
 * has started and the source nodes exist, then {@link #onSourceValue}; {@link #shutdown()} before
 * the server stops. All state changes are serialised by one lock, so events come in transition
 * order. Sink records are queued under that lock and handed to the sink after it is released, one
 * caller at a time and in transition order, so a slow archive never holds up the alarm lock.
 */
public final class AlarmService {

  private static final Logger LOG = LoggerFactory.getLogger(AlarmService.class);

  private final OpcUaServer server;
  private final ManagedNamespace namespace;
  private final String stationName;
  private final AlarmPermissions permissions;
  private final Consumer<AlarmRecord> sink;
  private final Clock clock;
  private final Map<NodeId, AlarmCondition> conditions;
  private final Map<NodeId, List<AlarmCondition>> conditionsBySource;

  private final Object lock = new Object();
  // records waiting for the sink: added under the lock (transition order), drained outside it
  private final Queue<AlarmRecord> outbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private ConditionRefreshHook refreshHook;
  private boolean running;

  /**
   * @param server the station's OPC UA server
   * @param namespace the namespace that holds the source variables; conditions are created in it
   * @param stationName this station's name (for the archive records)
   * @param definitions the limit alarms; condition NodeIds must be unique
   * @param permissions who may acknowledge/comment and enable/disable
   * @param sink receives a record per transition, in order, never under the alarm lock; should
   *     not block (a blocked sink holds up the caller whose transition it archives)
   * @param clock time of operator actions and ReceiveTime
   * @throws IllegalArgumentException if two definitions give the same condition
   */
  public AlarmService(
      OpcUaServer server,
      ManagedNamespace namespace,
      String stationName,
      List<LimitAlarmDefinition> definitions,
      AlarmPermissions permissions,
      Consumer<AlarmRecord> sink,
      Clock clock) {
    this.server = Objects.requireNonNull(server, "server");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.stationName = Objects.requireNonNull(stationName, "stationName");
    this.permissions = Objects.requireNonNull(permissions, "permissions");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");

    Map<NodeId, AlarmCondition> byId = new LinkedHashMap<>();
    Map<NodeId, List<AlarmCondition>> bySource = new HashMap<>();
    for (LimitAlarmDefinition d : definitions) {
      NodeId id = conditionId(namespace.getNamespaceIndex(), d);
      var condition = new AlarmCondition(d, id, new LimitAlarmState(d, clock));
      if (byId.putIfAbsent(id, condition) != null) {
        throw new IllegalArgumentException(
            "limit alarm '" + d.name() + "' on " + d.sourceBrowseName() + " is defined twice");
      }
      bySource.computeIfAbsent(d.source(), s -> new ArrayList<>()).add(condition);
    }
    this.conditions = Collections.unmodifiableMap(byId);
    this.conditionsBySource = Map.copyOf(bySource);
  }

  /**
   * The condition NodeId of {@code definition}: {@code
   * ns=<namespaceIndex>;s=<source>.Alarm.<name>}.
   */
  public static NodeId conditionId(UShort namespaceIndex, LimitAlarmDefinition definition) {
    Object identifier = definition.source().getIdentifier();
    String source = identifier instanceof String s ? s : definition.source().toParseableString();
    return new NodeId(namespaceIndex, source + ".Alarm." + definition.name());
  }

  /**
   * Creates the condition nodes and takes over ConditionRefresh. Call after the server started.
   *
   * @throws IllegalStateException if a source node is missing, a condition node already exists or
   *     the server is not started; nothing is left behind in that case
   */
  public void startup() {
    synchronized (lock) {
      if (running) {
        throw new IllegalStateException("alarm service already started");
      }
      UaNodeManager nodeManager = namespace.getNodeManager();
      List<AlarmCondition> created = new ArrayList<>();
      try {
        for (AlarmCondition c : conditions.values()) {
          LimitAlarmDefinition d = c.definition();
          String where = "limit alarm '" + d.name() + "' on " + d.sourceBrowseName();
          if (!nodeManager.containsNode(d.source())) {
            throw new IllegalStateException(
                where
                    + ": source node "
                    + d.source()
                    + " not found in "
                    + namespace.getNamespaceUri());
          }
          if (nodeManager.containsNode(c.conditionId())) {
            throw new IllegalStateException(
                where + ": node " + c.conditionId() + " already exists");
          }
          try {
            c.createNode(namespace.getNodeContext());
          } catch (UaException e) {
            throw new IllegalStateException(where + ": cannot create its condition node", e);
          }
          created.add(c);
          ConditionMethods.install(c, this);
          nodeManager.addReferences(
              new Reference(d.source(), NodeIds.HasCondition, c.conditionId().expanded(), true),
              server.getNamespaceTable());
          ConditionState s = c.state().state();
          c.write(s, d.message(), newEventId(), clock.instant());
        }
        refreshHook = ConditionRefreshHook.install(server, this);
      } catch (RuntimeException e) {
        created.forEach(AlarmCondition::deleteNode);
        throw e;
      }
      running = true;
      LOG.info(
          "Alarm service started: {} limit alarm(s) in {}",
          conditions.size(),
          namespace.getNamespaceUri());
    }
  }

  /**
   * The service's sign of life for the application health check: takes and releases its lock, as
   * every value and every operator action does. Blocks while the lock is held, so call it on a
   * thread of its own, never on a Milo or timer thread.
   */
  public boolean ping() {
    synchronized (lock) {
      return running;
    }
  }

  /** Holds the service's lock until {@code released} (fault injection: a real hang of the service). */
  public void holdLock(CountDownLatch released) throws InterruptedException {
    synchronized (lock) {
      released.await();
    }
  }

  /** Removes the condition nodes and gives ConditionRefresh back to Milo. */
  public void shutdown() {
    synchronized (lock) {
      if (!running) {
        return;
      }
      running = false;
      refreshHook.uninstall();
      refreshHook = null;
      conditions.values().forEach(AlarmCondition::deleteNode);
    }
  }

  /**
   * Seeds condition states after a restart (read back from the message archive). No events are
   * fired; clients get the restored conditions by ConditionRefresh. Snapshots of alarms that are no
   * longer configured are logged and skipped.
   */
  public void restore(List<ConditionSnapshot> snapshots) {
    synchronized (lock) {
      int restored = 0;
      int retained = 0;
      for (ConditionSnapshot snapshot : snapshots) {
        AlarmCondition c = find(snapshot.sourceNode(), snapshot.conditionName());
        if (c == null) {
          LOG.warn(
              "Archived alarm '{}' on {} is not configured any more; its state is ignored",
              snapshot.conditionName(),
              snapshot.sourceNode());
          continue;
        }
        c.state().restore(snapshot.state());
        restored++;
        retained += c.state().state().retain() ? 1 : 0;
        if (running) {
          // a fresh EventId: the one a client may quote after the refresh
          c.write(c.state().state(), c.definition().message(), newEventId(), clock.instant());
        }
      }
      if (restored > 0) {
        LOG.info("Restored {} alarm state(s), {} of them retained (active or unacknowledged)",
            restored, retained);
      }
    }
  }

  /**
   * A new value of a source variable. Values that are not numbers or do not have a good status are
   * ignored. The time of a transition is the value's source timestamp (else server time, else now).
   */
  public void onSourceValue(NodeId source, DataValue value) {
    List<AlarmCondition> affected = conditionsBySource.get(source);
    if (affected == null || value == null) {
      return;
    }
    if (!value.getStatusCode().isGood()
        || !(value.getValue().getValue() instanceof Number number)) {
      LOG.debug("Ignoring value of {} for limit alarms: {}", source, value);
      return;
    }
    Instant time = timeOf(value);
    synchronized (lock) {
      if (running) {
        for (AlarmCondition c : affected) {
          c.state().onValue(number.doubleValue(), time).ifPresent(t -> publish(c, t));
        }
      }
    }
    drainOutbox();
  }

  /** The current state of a condition, if it exists. */
  public Optional<ConditionState> state(NodeId conditionId) {
    synchronized (lock) {
      return Optional.ofNullable(conditions.get(conditionId)).map(c -> c.state().state());
    }
  }

  /** All condition NodeIds, in definition order. */
  public List<NodeId> conditionIds() {
    return List.copyOf(conditions.keySet());
  }

  // --- condition methods (called by ConditionMethods / ConditionRefreshHook) ---

  void acknowledge(AlarmCondition c, Session session, ByteString eventId, LocalizedText comment)
      throws UaException {
    if (!permissions.mayAcknowledge(session)) {
      throw new UaException(StatusCodes.Bad_UserAccessDenied, "not allowed to acknowledge");
    }
    synchronized (lock) {
      requireRunning();
      requireLatestEvent(c, eventId);
      publish(c, c.state().acknowledge(textOf(comment), userOf(session)));
    }
    drainOutbox();
  }

  void addComment(AlarmCondition c, Session session, ByteString eventId, LocalizedText comment)
      throws UaException {
    if (!permissions.mayAcknowledge(session)) {
      throw new UaException(StatusCodes.Bad_UserAccessDenied, "not allowed to comment");
    }
    synchronized (lock) {
      requireRunning();
      requireLatestEvent(c, eventId);
      publish(c, c.state().addComment(textOf(comment), userOf(session)));
    }
    drainOutbox();
  }

  void enable(AlarmCondition c, Session session) throws UaException {
    if (!permissions.mayEnableDisable(session)) {
      throw new UaException(StatusCodes.Bad_UserAccessDenied, "not allowed to enable alarms");
    }
    synchronized (lock) {
      requireRunning();
      publish(c, c.state().enable());
    }
    drainOutbox();
  }

  void disable(AlarmCondition c, Session session) throws UaException {
    if (!permissions.mayEnableDisable(session)) {
      throw new UaException(StatusCodes.Bad_UserAccessDenied, "not allowed to disable alarms");
    }
    synchronized (lock) {
      requireRunning();
      publish(c, c.state().disable());
    }
    drainOutbox();
  }

  /**
   * Takes over an operator change made on the partner station (online alarm sync). Both stations
   * evaluate the same PLC values, so each raises and clears its alarms itself; only operator state
   * travels: enable/disable and acknowledge (with its comment and user). Newest change wins, by
   * source time: the partner's EnabledState is taken when its TransitionTime is later than ours; its
   * acknowledgement when the condition is enabled and unacknowledged here and the partner
   * acknowledged after its and our condition became active (an acknowledgement of an earlier
   * activation does not acknowledge a newer one; a state the partner restored from its archive
   * after a restart carries no acknowledgement time of its own and is not taken over). A state equal to ours, or older, changes nothing, so the
   * event our own transition fires cannot come back as a change from the partner (no echo). The
   * transition keeps the partner's time and is archived with the partner as its station, the
   * origin of the change. No access check: the partner link's session is authenticated as the
   * partner station and the operator's rights were checked where the operator acted.
   *
   * @return the transitions applied, empty if this station's state is the same or newer
   */
  public List<ConditionTransition.Kind> applyPartnerState(PartnerConditionState p) {
    List<ConditionTransition.Kind> applied = new ArrayList<>();
    synchronized (lock) {
      AlarmCondition c = conditions.get(p.conditionId());
      if (!running || c == null) {
        return applied;
      }
      try {
        ConditionState s = c.state().state();
        if (p.enabled() != s.enabled() && p.enabledTime().isAfter(s.enabledTime())) {
          ConditionTransition t =
              p.enabled() ? c.state().enable(p.enabledTime()) : c.state().disable(p.enabledTime());
          publish(c, t, p.origin());
          applied.add(t.kind());
        }
        s = c.state().state();
        // acknowledged there after its activation (not a fresh or restored state, whose times are
        // equal) and after our activation
        if (p.enabled() && p.acked() && s.enabled() && !s.acked()
            && p.ackedTime().isAfter(p.activeTime()) && p.ackedTime().isAfter(s.activeTime())) {
          ConditionTransition t =
              c.state().acknowledge(p.comment(), p.clientUserId() == null ? "" : p.clientUserId(), p.ackedTime());
          publish(c, t, p.origin());
          applied.add(t.kind());
        }
      } catch (UaException e) {
        // the checks above rule these out; a state that refuses the change keeps ours
        LOG.warn("Partner change of alarm {} not applied: {}", p.conditionId(), e.getMessage());
      }
    }
    drainOutbox();
    return applied;
  }

  /**
   * Part 9 §5.5.7: RefreshStartEvent, then the current event of every retained condition, then
   * RefreshEndEvent, delivered only to the event items of the caller's subscription (or the one
   * item for ConditionRefresh2). Holding the lock keeps transitions from interleaving with the
   * replay.
   *
   * @param monitoredItemId null for ConditionRefresh, the item for ConditionRefresh2
   */
  void refresh(Session session, UInteger subscriptionId, UInteger monitoredItemId)
      throws UaException {
    if (session == null) {
      throw new UaException(StatusCodes.Bad_SessionIdInvalid, "ConditionRefresh needs a session");
    }
    // Only the caller's own subscriptions are found here, as Part 9 requires.
    Subscription subscription = session.getSubscriptionManager().getSubscription(subscriptionId);
    if (subscription == null) {
      throw new UaException(StatusCodes.Bad_SubscriptionIdInvalid, "unknown subscription");
    }
    List<EventItem> items = new ArrayList<>();
    for (BaseMonitoredItem<?> item : List.copyOf(subscription.getMonitoredItems().values())) {
      boolean wanted = monitoredItemId == null || item.getId().equals(monitoredItemId);
      if (wanted && item instanceof EventItem eventItem && eventItem.isSamplingEnabled()) {
        items.add(eventItem);
      }
    }
    if (monitoredItemId != null && items.isEmpty()) {
      throw new UaException(
          StatusCodes.Bad_MonitoredItemIdInvalid, "not an enabled event item of the subscription");
    }
    synchronized (lock) {
      deliverRefreshMarker(items, NodeIds.RefreshStartEventType, "RefreshStart");
      for (AlarmCondition c : conditions.values()) {
        if (running && c.state().state().retain()) {
          deliver(items, c.node());
        }
      }
      deliverRefreshMarker(items, NodeIds.RefreshEndEventType, "RefreshEnd");
    }
  }

  // --- internals ---

  private void publish(AlarmCondition c, ConditionTransition t) {
    publish(c, t, stationName);
  }

  /** @param origin the station where the change was made (ours, or the partner's for synced ones) */
  private void publish(AlarmCondition c, ConditionTransition t, String origin) {
    ByteString eventId = transitionEventId(c.conditionId(), t);
    Instant receiveTime = clock.instant();
    c.write(t.state(), t.message(), eventId, receiveTime);
    try {
      server.getEventNotifier().fire(c.node());
    } catch (RuntimeException e) {
      LOG.error("Firing the event of alarm {} failed", c.conditionId(), e);
    }
    LimitAlarmDefinition d = c.definition();
    var record =
        new AlarmRecord(
            eventId,
            NodeIds.ExclusiveLimitAlarmType,
            c.conditionId(),
            d.name(),
            d.source(),
            d.sourceBrowseName(),
            t.time(),
            receiveTime,
            t.state().severity(),
            t.message(),
            origin,
            t);
    LOG.debug("Alarm {} {}: {}", c.conditionId(), t.kind(), t.state());
    outbox.add(record);
  }

  /**
   * Hands queued records to the sink, outside the lock. One caller drains at a time, so records
   * keep their order; a caller that finds another one draining leaves its records to it. The
   * re-check after releasing the flag picks up a record queued just before it was released.
   */
  private void drainOutbox() {
    while (!outbox.isEmpty() && draining.compareAndSet(false, true)) {
      try {
        AlarmRecord record;
        while ((record = outbox.poll()) != null) {
          try {
            sink.accept(record);
          } catch (RuntimeException e) {
            LOG.error("Archiving the event of alarm {} failed", record.conditionId(), e);
          }
        }
      } finally {
        draining.set(false);
      }
    }
  }

  private void deliverRefreshMarker(List<EventItem> items, NodeId type, String name)
      throws UaException {
    BaseEventTypeNode marker =
        server
            .getEventFactory()
            .createEvent(new NodeId(namespace.getNamespaceIndex(), UUID.randomUUID()), type);
    try {
      DateTime now = new DateTime(clock.instant());
      marker.setEventId(newEventId());
      marker.setEventType(type);
      marker.setSourceNode(NodeIds.Server);
      marker.setSourceName("Server");
      marker.setTime(now);
      marker.setReceiveTime(now);
      marker.setMessage(LocalizedText.english(name));
      marker.setSeverity(ushort(1));
      deliver(items, marker);
    } finally {
      marker.delete();
    }
  }

  private static void deliver(List<EventItem> items, BaseEventTypeNode event) {
    for (EventItem item : items) {
      try {
        item.onEvent(event);
      } catch (RuntimeException e) {
        LOG.error("Delivering a refresh event to item {} failed", item.getId(), e);
      }
    }
  }

  private void requireRunning() throws UaException {
    if (!running) {
      throw new UaException(StatusCodes.Bad_Shutdown, "alarm service is stopped");
    }
  }

  private static void requireLatestEvent(AlarmCondition c, ByteString eventId) throws UaException {
    if (eventId == null || eventId.isNull() || !eventId.equals(c.latestEventId())) {
      throw new UaException(
          StatusCodes.Bad_EventIdUnknown, "EventId is not the condition's latest event");
    }
  }

  private AlarmCondition find(NodeId source, String conditionName) {
    for (AlarmCondition c : conditionsBySource.getOrDefault(source, List.of())) {
      if (c.definition().name().equals(conditionName)) {
        return c;
      }
    }
    return null;
  }

  private Instant timeOf(DataValue value) {
    DateTime t = value.getSourceTime();
    if (t == null || t.isNull()) {
      t = value.getServerTime();
    }
    return t == null || t.isNull() ? clock.instant() : t.getJavaInstant();
  }

  private static String textOf(LocalizedText text) {
    return text == null ? null : text.getText();
  }

  private static String userOf(Session session) {
    String user = session.getClientUserId();
    return user == null ? "" : user;
  }

  /**
   * The EventId of a transition, derived from what the change is: the condition, the kind, its
   * source time (in the 100 ns ticks an OPC UA DateTime carries) and the limit afterwards. An
   * operator change made on one station and taken over by the other ({@link #applyPartnerState}
   * keeps the partner's time), and an activation both evaluate from the same PLC value, so get the
   * same id on both stations, and the message archive's idempotent key (a gap resync inserts the
   * partner's rows with INSERT OR IGNORE) stores each change once. Part 4 §7.22.3 asks an EventId
   * to identify one event: a kind cannot follow itself at the same instant except a comment, whose
   * text and user are part of its identity (the same comment by the same user in the same 100 ns is
   * one action).
   */
  static ByteString transitionEventId(NodeId conditionId, ConditionTransition t) {
    long ticks = t.time().getEpochSecond() * 10_000_000L + t.time().getNano() / 100;
    ConditionState s = t.state();
    String identity = conditionId.toParseableString() + '|' + t.kind() + '|' + ticks + '|'
        + (s.limit() == null ? "" : s.limit().name());
    if (t.kind() == ConditionTransition.Kind.COMMENTED) {
      identity += "|" + s.clientUserId() + '|' + s.comment();
    }
    return eventId(UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)));
  }

  /** A unique EventId: 16 random bytes. */
  static ByteString newEventId() {
    return eventId(UUID.randomUUID());
  }

  private static ByteString eventId(UUID uuid) {
    return ByteString.of(
        ByteBuffer.allocate(16)
            .putLong(uuid.getMostSignificantBits())
            .putLong(uuid.getLeastSignificantBits())
            .array());
  }
}
