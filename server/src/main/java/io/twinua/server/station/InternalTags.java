package io.twinua.server.station;

import io.twinua.server.alarms.AlarmService;
import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.config.InternalTagConfig;
import io.twinua.server.config.ProjectConfig;
import io.twinua.server.plant.InternalTagListener;
import io.twinua.server.plant.PlantNamespace;
import java.util.Map;
import java.util.function.BiConsumer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal (operator) tags: values that live in the station, not in a PLC. Every accepted write
 * is kept as the latest value (restored after a restart), if configured archived, and handed to
 * the limit alarms (an internal tag may be an alarm source).
 */
final class InternalTags implements InternalTagListener {

  private static final Logger LOG = LoggerFactory.getLogger(InternalTags.class);

  private final ProjectConfig project;
  private final ArchiveDatabase archive;
  // set once the alarm service exists: it needs the plant, and the plant needs this listener
  private volatile BiConsumer<String, DataValue> alarms = (tag, value) -> { };

  InternalTags(ProjectConfig project, ArchiveDatabase archive) {
    this.project = project;
    this.archive = archive;
  }

  @Override
  public void onInternalTagWritten(String tag, DataValue value, Session session) {
    archive.internalTags().store(tag, value);
    alarms.accept(tag, value);
    if (project.internalTag(tag).map(InternalTagConfig::archive).orElse(false)) {
      archive.values().append(tag, value);
    }
    LOG.info("internal tag {} = {} written by {}", tag, value.value().value(),
        session.getClientUserId());
  }

  /** From now on writes reach the alarms; the saved values go first, so alarm limits are known. */
  void feedAlarms(AlarmService service, PlantNamespace plant) {
    alarms = (tag, value) -> service.onSourceValue(plant.nodeId(tag), value);
    archive.internalTags().loadAll().forEach(alarms);
  }

  void restoreInto(PlantNamespace plant) {
    Map<String, DataValue> saved = archive.internalTags().loadAll();
    saved.forEach(plant::restoreValue);
    if (!saved.isEmpty()) {
      LOG.info("restored {} internal tag values", saved.size());
    }
  }
}
