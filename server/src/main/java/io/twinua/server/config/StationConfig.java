package io.twinua.server.config;

import io.twinua.server.health.SelfDiagnosisSettings;
import java.nio.file.Path;

/**
 * What belongs to one computer of the pair. Made by {@link StationLoader#load(Path)}; paths are
 * absolute.
 *
 * @param name station (computer) name, shown as {@code @LocalMachineName}
 * @param projectFile the project this station runs
 * @param dataDir archives, PKI and logs
 * @param hostname used in endpoint URLs and the certificate SAN
 * @param applicationUri the server's application URI (default {@code urn:twinua:station:<name>})
 * @param sourceFile the station file itself
 * @param asEndpoints this computer's own way to each automation station, overriding the project's
 *     endpoint URL by AS name (each server of a pair may reach a PLC over its own network card)
 * @param redundancy the pair settings; empty for a station without partner (Standalone)
 * @param selfDiagnosis resource levels and server isolation (the {@code selfDiagnosis:} section)
 * @param statusPage the read-only status page in a browser; empty: none served
 * @param restart the bounds of a whole-station restart
 * @param memory the station JVM's memory limits, applied by its launcher
 * @param diagnostics test and diagnostics switches (all off by default)
 * @param logs how the station's log files roll (the {@code logs:} section)
 */
public record StationConfig(
    String name,
    Path projectFile,
    Path dataDir,
    String bindAddress,
    String hostname,
    int port,
    String applicationUri,
    Path sourceFile,
    java.util.Map<String, String> asEndpoints,
    java.util.Optional<RedundancyConfig> redundancy,
    SelfDiagnosisSettings selfDiagnosis,
    java.util.Optional<StatusPageConfig> statusPage,
    io.twinua.server.health.restart.RestartSettings restart,
    MemorySettings memory,
    DiagnosticsConfig diagnostics,
    LogSettings logs) {

  public StationConfig {
    asEndpoints = java.util.Map.copyOf(asEndpoints);
    java.util.Objects.requireNonNull(selfDiagnosis, "selfDiagnosis");
    java.util.Objects.requireNonNull(restart, "restart");
    java.util.Objects.requireNonNull(memory, "memory");
    java.util.Objects.requireNonNull(diagnostics, "diagnostics");
    java.util.Objects.requireNonNull(logs, "logs");
  }

  /**
   * A station with the default self-diagnosis, no status page, the default restart bounds, memory
   * that follows the project, no diagnostics switches and the default log rolling (none of these
   * sections in its file).
   */
  public StationConfig(String name, Path projectFile, Path dataDir, String bindAddress, String hostname, int port,
      String applicationUri, Path sourceFile, java.util.Map<String, String> asEndpoints,
      java.util.Optional<RedundancyConfig> redundancy) {
    this(name, projectFile, dataDir, bindAddress, hostname, port, applicationUri, sourceFile, asEndpoints, redundancy,
        SelfDiagnosisSettings.DEFAULT, java.util.Optional.empty(),
        io.twinua.server.health.restart.RestartSettings.DEFAULT, MemorySettings.FOLLOW_PROJECT, DiagnosticsConfig.OFF,
        LogSettings.DEFAULT);
  }

  /** The project's AS settings with this station's endpoint override applied. */
  public AutomationStationConfig localView(AutomationStationConfig as) {
    String url = asEndpoints.get(as.name());
    return url == null ? as : new AutomationStationConfig(as.name(), url, as.publishingIntervalMs());
  }
}
