package io.twinua.server.station;

import io.twinua.server.alarms.LimitAlarmDefinition;
import io.twinua.server.archive.UserArchiveDefinition;
import io.twinua.server.archive.UserField;
import io.twinua.server.archive.UserFieldType;
import io.twinua.server.config.InternalTagConfig;
import io.twinua.server.config.LimitAlarmConfig;
import io.twinua.server.config.ProjectConfig;
import io.twinua.server.config.TagMapping;
import io.twinua.server.config.UserArchiveConfig;
import io.twinua.server.plant.PlantNamespace;
import io.twinua.server.plant.ProcessTags;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Maps the project file's sections onto what the archive and alarm services take. */
final class ProjectMapping {

  private ProjectMapping() {}

  static UserArchiveDefinition userArchive(UserArchiveConfig c) {
    return new UserArchiveDefinition(c.name(), c.fields().stream()
        .map(f -> new UserField(f.name(), UserFieldType.valueOf(f.type().name()), false))
        .toList());
  }

  static LimitAlarmDefinition alarm(LimitAlarmConfig a, PlantNamespace plant) {
    String source = a.source();
    String browseName = source.substring(source.lastIndexOf('.') + 1);
    String parent = source.contains(".") ? source.substring(0, source.lastIndexOf('.')) : source;
    String where = parent.startsWith("Plant.") ? parent.substring("Plant.".length()) : parent;
    return new LimitAlarmDefinition(a.name(), plant.nodeId(source), browseName,
        a.highHigh(), a.high(), a.low(), a.lowLow(), a.deadband(), a.severity(),
        where + " " + browseName);
  }

  /** The plant tags whose values are archived, in project order: what gap sync and the digest compare cover. */
  static List<String> archivedTags(ProjectConfig project) {
    return project.tags().stream().filter(TagMapping::archive).map(TagMapping::node).toList();
  }

  /** The AS-fed plant tags: setpoints ({@code writable: true}) and read-only ones. */
  static ProcessTags processTags(ProjectConfig project) {
    Map<Boolean, Set<String>> byWritable = project.tags().stream()
        .collect(Collectors.partitioningBy(TagMapping::writable, Collectors.mapping(TagMapping::node, Collectors.toSet())));
    return new ProcessTags(byWritable.get(false), byWritable.get(true));
  }

  /** Every node with history: the archived plant tags and the archived internal tags. */
  static Set<String> historizedNodes(ProjectConfig project) {
    Set<String> nodes = new HashSet<>(archivedTags(project));
    project.internalTags().stream().filter(InternalTagConfig::archive).forEach(t -> nodes.add(t.node()));
    return nodes;
  }
}
