package io.twinua.server.station;

import io.twinua.server.alarms.AlarmService;
import io.twinua.server.archive.ValueArchive;
import io.twinua.server.config.TagMapping;
import io.twinua.server.plant.PlantNamespace;
import io.twinua.server.process.AsConnectionStatus;
import io.twinua.server.process.ProcessValueSink;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path of a process value through the station: shown in the plant namespace, archived if the
 * project says so, checked against alarm limits. A value that does not fit its plant variable is
 * refused here, before it reaches the archive.
 */
final class ProcessData implements ProcessValueSink {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessData.class);

  private final PlantNamespace plant;
  private final ValueArchive archive;
  private final AlarmService alarms;
  private final Map<String, AsConnectionStatus> connections = new ConcurrentHashMap<>();
  private final LongAdder refused = new LongAdder();

  ProcessData(PlantNamespace plant, ValueArchive archive, AlarmService alarms) {
    this.plant = plant;
    this.archive = archive;
    this.alarms = alarms;
  }

  @Override
  public void onValue(TagMapping tag, DataValue value) {
    Optional<String> problem = plant.showProcessValue(tag.node(), value);
    if (problem.isPresent()) {
      refused.increment();
      LOG.error("AS {} sent a value for {} ({}) that does not fit {}: {}; not archived",
          tag.as(), tag.address(), value.value(), tag.node(), problem.get());
      return;
    }
    if (tag.archive()) {
      archive.append(tag.node(), value);
    }
    alarms.onSourceValue(plant.nodeId(tag.node()), value);
  }

  @Override
  public void onConnectionStatus(AsConnectionStatus status) {
    connections.put(status.as(), status);
  }

  long refusedValues() {
    return refused.sum();
  }
}
