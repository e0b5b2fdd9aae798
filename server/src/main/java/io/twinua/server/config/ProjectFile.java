package io.twinua.server.config;

import java.util.List;

/**
 * The project YAML as written: one nullable component per key, so Jackson reports unknown keys
 * and wrong types, and {@link ProjectLoader} reports missing keys and bad values with their paths.
 */
record ProjectFile(
    String name,
    String namespaceUri,
    String nodeSet,
    String users,
    Security security,
    Archive archive,
    List<AutomationStation> automationStations,
    List<Tag> tags,
    List<Alarm> alarms,
    List<InternalTag> internalTags,
    List<UserArchive> userArchives,
    Sync sync,
    History history,
    Sessions sessions,
    Requests requests) {

  record Sessions(Integer maxSessions, Integer reservedSessions, Integer maxUnsecuredPerClient,
      Integer maxSessionTimeoutS) {}

  record Requests(Integer maxNodesPerRead, Integer maxNodesPerBrowse, Integer maxNodesPerHistoryRead,
      Integer maxMessageSizeBytes) {}

  record History(Integer continuationPointsPerSession, Integer continuationPointsTotal, Integer maxValuesPerRequest,
      Integer maxSelectClauses) {}

  record Security(
      Boolean allowSecurityPolicyNone,
      Boolean allowAnonymous,
      Boolean allowUserNameOnSecurityPolicyNone,
      Integer loginFailuresPerUser,
      Integer loginFailuresPerAddress,
      Integer loginDelayMs,
      Integer loginMaxDelayMs) {}

  record Archive(Integer flushIntervalMs, Integer batchSize) {}

  /** {@code window} is {@code all} or a map {@code {lastHours: N}}. */
  record Sync(Object window, List<String> kinds, Integer compareMinutes, List<String> userArchives) {}

  record AutomationStation(String name, String endpointUrl, Integer publishingIntervalMs) {}

  record Tag(String node, String as, String address, Boolean archive, Boolean writable) {}

  record Alarm(
      String name,
      String source,
      Double highHigh,
      Double high,
      Double low,
      Double lowLow,
      Double deadband,
      Integer severity) {}

  record InternalTag(String node, Boolean synchronise, Boolean archive) {}

  record UserArchive(String name, List<Field> fields) {}

  record Field(String name, String type) {}
}
