package io.twinua.server.config;

import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.sync.SyncSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The project: everything both stations of a pair share (address space, AS connections, tags,
 * alarms, archives, security switches). Made by {@link ProjectLoader#load(Path)}; paths are
 * absolute, resolved against the project file's directory.
 *
 * @param namespaceUri NodeSet namespace holding the plant variables named by tags and alarms
 * @param usersFile the users file (parsed by the security package)
 * @param sync what the gap resync copies from the partner after an outage
 * @param sourceFile the project file itself
 */
public record ProjectConfig(
    String name,
    String namespaceUri,
    Path nodeSetFile,
    Path usersFile,
    SecuritySettings security,
    ArchiveSettings archive,
    List<AutomationStationConfig> automationStations,
    List<TagMapping> tags,
    List<LimitAlarmConfig> alarms,
    List<InternalTagConfig> internalTags,
    List<UserArchiveConfig> userArchives,
    SyncSettings sync,
    HistorySettings history,
    SessionSettings sessions,
    RequestSettings requests,
    Path sourceFile) {

  public ProjectConfig {
    automationStations = List.copyOf(automationStations);
    tags = List.copyOf(tags);
    alarms = List.copyOf(alarms);
    internalTags = List.copyOf(internalTags);
    userArchives = List.copyOf(userArchives);
  }

  public Optional<AutomationStationConfig> automationStation(String asName) {
    return automationStations.stream().filter(a -> a.name().equals(asName)).findFirst();
  }

  /** The tag mapping of a plant variable, by its string identifier. */
  public Optional<TagMapping> tag(String node) {
    return tags.stream().filter(t -> t.node().equals(node)).findFirst();
  }

  /** All tags one automation station feeds. */
  public List<TagMapping> tagsOf(String asName) {
    return tags.stream().filter(t -> t.as().equals(asName)).toList();
  }

  public Optional<InternalTagConfig> internalTag(String node) {
    return internalTags.stream().filter(t -> t.node().equals(node)).findFirst();
  }

  public Optional<LimitAlarmConfig> alarm(String alarmName) {
    return alarms.stream().filter(a -> a.name().equals(alarmName)).findFirst();
  }

  public Optional<UserArchiveConfig> userArchive(String archiveName) {
    return userArchives.stream().filter(a -> a.name().equals(archiveName)).findFirst();
  }
}
