package io.twinua.server.station;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.config.InternalTagConfig;
import io.twinua.server.config.ProjectConfig;
import io.twinua.server.plant.InternalTagListener;
import io.twinua.server.plant.PlantNamespace;
import java.util.Map;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal (operator) tags: values that live in the station, not in a PLC. Every accepted write
 * is kept as the latest value (restored after a restart) and, if configured, archived.
 */
final class InternalTags implements InternalTagListener {

  private static final Logger LOG = LoggerFactory.getLogger(InternalTags.class);

  private final ProjectConfig project;
  private final ArchiveDatabase archive;

  InternalTags(ProjectConfig project, ArchiveDatabase archive) {
    this.project = project;
    this.archive = archive;
  }

  @Override
  public void onInternalTagWritten(String tag, DataValue value, Session session) {
    archive.internalTags().store(tag, value);
    if (project.internalTag(tag).map(InternalTagConfig::archive).orElse(false)) {
      archive.values().append(tag, value);
    }
    LOG.info("internal tag {} = {} written by {}", tag, value.value().value(),
        session.getClientUserId());
  }

  void restoreInto(PlantNamespace plant) {
    Map<String, DataValue> saved = archive.internalTags().loadAll();
    saved.forEach(plant::restoreValue);
    if (!saved.isEmpty()) {
      LOG.info("restored {} internal tag values", saved.size());
    }
  }
}
