package io.twinua.server.config;

/**
 * The station YAML as written (nullable components, one per key). A new section (e.g. {@code
 * redundancy:}) is a new component with its own nested record here, a record in the public API and
 * a converter method in {@link StationLoader}.
 */
record StationFile(
    String name,
    String project,
    String dataDir,
    String bindAddress,
    String hostname,
    Integer port,
    String applicationUri,
    java.util.Map<String, String> asEndpoints,
    Redundancy redundancy,
    SelfDiagnosis selfDiagnosis,
    StatusPage statusPage,
    Restart restart,
    Memory memory,
    Diagnostics diagnostics,
    Logs logs) {

  record Logs(Integer maxFileSizeMb, Integer maxHistoryDays, Integer totalSizeCapMb) {}

  record Memory(Integer heapMb, Integer metaspaceMb, Integer directMemoryMb, Integer threadStackKb) {}

  record Diagnostics(Boolean faultInjection) {}

  record Restart(Boolean auto, Integer minIntervalS, Integer maxRestarts, Integer windowS, Integer delayS) {}

  record StatusPage(Integer port) {}

  record SelfDiagnosis(
      Integer diskWarningMb,
      Integer diskCriticalMb,
      Integer memoryWarningPercent,
      Integer loadWarningPercent,
      Boolean isolateOnFault) {}

  record Redundancy(
      Boolean enabled,
      Boolean defaultMaster,
      Partner partner,
      Integer linkTimeoutMs,
      Integer startupWindowMs,
      Integer stabilityDelayMs,
      Integer clockToleranceMs,
      java.util.List<StatusLink> statusLinks) {}

  record Partner(String name, String endpointUrl, String applicationUri, String certificate) {}

  record StatusLink(Udp udp, Serial serial) {}

  record Udp(String local, String partner) {}

  record Serial(String port, Integer baud) {}
}
