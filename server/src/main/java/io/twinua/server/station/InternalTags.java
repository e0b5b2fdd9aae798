package io.twinua.server.station;

import io.twinua.server.alarms.AlarmService;
import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.config.InternalTagConfig;
import io.twinua.server.config.ProjectConfig;
import io.twinua.server.plant.InternalTagListener;
import io.twinua.server.plant.PlantNamespace;
import io.twinua.server.security.LogText;
import io.twinua.server.sync.records.SyncedInternalTags;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal (operator) tags: values that live in the station, not in a PLC. Every accepted write
 * is kept as the latest value (restored after a restart), if configured archived, and handed to
 * the limit alarms (an internal tag may be an alarm source). Those flagged {@code synchronise} also
 * go to the partner station, and the partner's newer values of them are taken over here.
 */
final class InternalTags implements InternalTagListener, SyncedInternalTags {

  private static final Logger LOG = LoggerFactory.getLogger(InternalTags.class);

  private final ProjectConfig project;
  private final ArchiveDatabase archive;
  // set once the alarm service exists: it needs the plant, and the plant needs this listener
  private volatile BiConsumer<String, DataValue> alarms = (tag, value) -> { };
  // set once the partner sync exists (a station in a pair)
  private volatile BiConsumer<String, DataValue> partner = (tag, value) -> { };
  private volatile PlantNamespace plant;
  private final Set<String> synchronised;

  InternalTags(ProjectConfig project, ArchiveDatabase archive) {
    this.project = project;
    this.archive = archive;
    this.synchronised = project.internalTags().stream().filter(InternalTagConfig::synchronise)
        .map(InternalTagConfig::node).filter(t -> !t.startsWith("@")).collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public void onInternalTagWritten(String tag, DataValue value, Session session) {
    boolean latest = archive.internalTags().store(tag, value);
    alarms.accept(tag, value);
    if (project.internalTag(tag).map(InternalTagConfig::archive).orElse(false)) {
      archive.values().append(tag, value);
    }
    if (latest) {
      partner.accept(tag, value);
    }
    LOG.info("internal tag {} = {} written by {}", tag, LogText.of(value.value().value()),
        LogText.of(session.getClientUserId()));
  }

  /** The internal tags flagged synchronise (never an {@code @} tag). */
  Set<String> synchronised() {
    return synchronised;
  }

  /** From now on every write of a synchronised tag also goes to {@code sync}. */
  void syncTo(BiConsumer<String, DataValue> sync) {
    partner = sync;
  }

  @Override
  public Map<String, DataValue> latest() {
    Map<String, DataValue> out = new LinkedHashMap<>();
    archive.internalTags().loadAll().forEach((tag, value) -> {
      if (synchronised.contains(tag)) {
        out.put(tag, value);
      }
    });
    return out;
  }

  @Override
  public synchronized boolean applyPartnerValue(String tag, DataValue value) {
    PlantNamespace shown = plant;
    if (!synchronised.contains(tag) || shown == null || value == null) {
      return false;
    }
    // synchronized: the partner's push (a method call) and this station's return pull may bring
    // the same value at once; checked and stored as one step, it is taken over once
    // against the stored value, not the node's: a tag never written shows its NodeSet value,
    // stamped at start-up, which must not beat an older operator value from the partner
    DataValue current = archive.internalTags().loadAll().get(tag);
    if (current != null && sourceTicks(current) >= sourceTicks(value)) {
      return false; // ours is as new or newer (equal times: each keeps its own, nothing travels back)
    }
    if (!archive.internalTags().store(tag, value)) {
      return false; // a newer one was stored meanwhile
    }
    shown.restoreValue(tag, value);
    alarms.accept(tag, value);
    if (project.internalTag(tag).map(InternalTagConfig::archive).orElse(false)) {
      archive.values().append(tag, value);
    }
    LOG.info("internal tag {} = {} taken over from the partner station", tag, LogText.of(value.value().value()));
    return true;
  }

  private static long sourceTicks(DataValue v) {
    return v.getSourceTime() == null ? 0 : v.getSourceTime().getUtcTime();
  }

  /** From now on writes reach the alarms; the saved values go first, so alarm limits are known. */
  void feedAlarms(AlarmService service, PlantNamespace plant) {
    alarms = (tag, value) -> service.onSourceValue(plant.nodeId(tag), value);
    archive.internalTags().loadAll().forEach(alarms);
  }

  void restoreInto(PlantNamespace plant) {
    this.plant = plant;
    Map<String, DataValue> saved = archive.internalTags().loadAll();
    saved.forEach(plant::restoreValue);
    if (!saved.isEmpty()) {
      LOG.info("restored {} internal tag values", saved.size());
    }
  }
}
