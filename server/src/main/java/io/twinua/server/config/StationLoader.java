package io.twinua.server.config;

import io.twinua.server.health.SelfDiagnosisSettings;
import io.twinua.server.health.restart.RestartSettings;
import io.twinua.server.redundancy.RedundancySettings;
import io.twinua.server.redundancy.statuslink.StatusLinkConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import java.nio.file.Path;

/** Loads and checks a station file (format: nodeset/README.md). */
public final class StationLoader {

  private final Values values;

  private StationLoader(Path file) {
    this.values = new Values(file);
  }

  public static StationConfig load(Path stationYaml) throws ConfigException {
    StationFile raw = YamlFiles.read(stationYaml, StationFile.class);
    return new StationLoader(stationYaml).convert(raw, stationYaml);
  }

  private StationConfig convert(StationFile raw, Path file) throws ConfigException {
    KeyPath root = KeyPath.ROOT;
    String name = values.name(raw.name(), root.key("name"));
    Path project = values.existingFile(raw.project(), root.key("project"));
    Path dataDir = values.relative(raw.dataDir(), root.key("dataDir"));
    String bindAddress = host(raw.bindAddress(), root.key("bindAddress"));
    String hostname = host(raw.hostname(), root.key("hostname"));
    int port = values.port(raw.port(), root.key("port"));
    String applicationUri =
        raw.applicationUri() == null
            ? "urn:twinua:station:" + name
            : values.uri(raw.applicationUri(), root.key("applicationUri")).toString();
    java.util.Map<String, String> asEndpoints = new java.util.LinkedHashMap<>();
    if (raw.asEndpoints() != null) {
      for (var e : raw.asEndpoints().entrySet()) {
        KeyPath k = root.key("asEndpoints").key(e.getKey());
        String url = values.text(e.getValue(), k);
        if (!url.startsWith("opc.tcp://")) {
          throw values.error(k, "must be an opc.tcp:// URL, got '" + url + "'");
        }
        asEndpoints.put(values.name(e.getKey(), k), url);
      }
    }
    return new StationConfig(
        name, project, dataDir, bindAddress, hostname, port, applicationUri, file.toAbsolutePath().normalize(),
        asEndpoints,
        raw.redundancy() == null ? Optional.empty() : Optional.of(redundancy(raw.redundancy(), root.key("redundancy"))),
        selfDiagnosis(raw.selfDiagnosis(), root.key("selfDiagnosis")),
        raw.statusPage() == null ? Optional.empty() : Optional.of(statusPage(raw.statusPage(), root.key("statusPage"))),
        raw.restart() == null ? RestartSettings.DEFAULT : restart(raw.restart(), root.key("restart")),
        raw.memory() == null ? MemorySettings.FOLLOW_PROJECT : memory(raw.memory(), root.key("memory")),
        raw.diagnostics() == null ? DiagnosticsConfig.OFF
            : new DiagnosticsConfig(values.flag(raw.diagnostics().faultInjection(), false)),
        raw.logs() == null ? LogSettings.DEFAULT : logs(raw.logs(), root.key("logs")));
  }

  /** Defaults are {@link LogSettings}'; errors here name the file and key. */
  private LogSettings logs(StationFile.Logs raw, KeyPath at) throws ConfigException {
    int file = values.number(raw.maxFileSizeMb(), LogSettings.DEFAULT_MAX_FILE_SIZE_MB, 1, 1_000,
        at.key("maxFileSizeMb"));
    int days = values.number(raw.maxHistoryDays(), LogSettings.DEFAULT_MAX_HISTORY_DAYS, 1, 3_650,
        at.key("maxHistoryDays"));
    int cap = values.number(raw.totalSizeCapMb(), Math.max(file, LogSettings.DEFAULT_TOTAL_SIZE_CAP_MB), file, 100_000,
        at.key("totalSizeCapMb"));
    return new LogSettings(file, days, cap);
  }

  /** Defaults and ranges are {@link SelfDiagnosisSettings}'; errors here name the file and key. */
  private SelfDiagnosisSettings selfDiagnosis(StationFile.SelfDiagnosis raw, KeyPath at) throws ConfigException {
    if (raw == null) {
      return SelfDiagnosisSettings.DEFAULT;
    }
    int critical = values.number(raw.diskCriticalMb(), SelfDiagnosisSettings.DEFAULT_DISK_CRITICAL_MB,
        SelfDiagnosisSettings.MIN_DISK_CRITICAL_MB, SelfDiagnosisSettings.MAX_DISK_MB, at.key("diskCriticalMb"));
    // the warning must come before the stop: at least the critical level
    int warning = values.number(raw.diskWarningMb(), Math.max(critical, SelfDiagnosisSettings.DEFAULT_DISK_WARNING_MB),
        critical, SelfDiagnosisSettings.MAX_DISK_MB, at.key("diskWarningMb"));
    int memory = values.number(raw.memoryWarningPercent(), SelfDiagnosisSettings.DEFAULT_MEMORY_WARNING_PERCENT,
        10, 100, at.key("memoryWarningPercent"));
    int load = values.number(raw.loadWarningPercent(), SelfDiagnosisSettings.DEFAULT_LOAD_WARNING_PERCENT,
        10, 100_000, at.key("loadWarningPercent"));
    return SelfDiagnosisSettings.create(b -> b.diskCriticalMb(critical).diskWarningMb(warning)
        .memoryWarningPercent(memory).loadWarningPercent(load)
        .isolateOnFault(values.flag(raw.isolateOnFault(), false)));
  }

  /** Ranges are {@link MemorySettings}'; a key left out follows the project size. */
  private MemorySettings memory(StationFile.Memory raw, KeyPath at) throws ConfigException {
    return new MemorySettings(
        limit(raw.heapMb(), MemorySettings.MIN_HEAP_MB, MemorySettings.MAX_HEAP_MB, at.key("heapMb")),
        limit(raw.metaspaceMb(), MemorySettings.MIN_METASPACE_MB, MemorySettings.MAX_METASPACE_MB,
            at.key("metaspaceMb")),
        limit(raw.directMemoryMb(), MemorySettings.MIN_DIRECT_MEMORY_MB, MemorySettings.MAX_DIRECT_MEMORY_MB,
            at.key("directMemoryMb")),
        limit(raw.threadStackKb(), MemorySettings.MIN_THREAD_STACK_KB, MemorySettings.MAX_THREAD_STACK_KB,
            at.key("threadStackKb")));
  }

  private java.util.OptionalInt limit(Integer value, int min, int max, KeyPath at) throws ConfigException {
    return value == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(values.number(value, 0, min, max, at));
  }

  /** Port 0 lets the OS choose (tests); the station logs the port it got. */
  private StatusPageConfig statusPage(StationFile.StatusPage raw, KeyPath at) throws ConfigException {
    return new StatusPageConfig(values.number(values.required(raw.port(), at.key("port")), 0, 0, 65535, at.key("port")));
  }

  /** Defaults are {@link RestartSettings}'; errors here name the file and key. */
  private RestartSettings restart(StationFile.Restart raw, KeyPath at) throws ConfigException {
    int day = 86_400;
    int minInterval = values.number(raw.minIntervalS(), (int) RestartSettings.DEFAULT_MIN_INTERVAL.toSeconds(), 0, day,
        at.key("minIntervalS"));
    int max = values.number(raw.maxRestarts(), RestartSettings.DEFAULT_MAX_RESTARTS, 1, 100, at.key("maxRestarts"));
    int window = values.number(raw.windowS(), (int) RestartSettings.DEFAULT_WINDOW.toSeconds(), 0, 7 * day,
        at.key("windowS"));
    int delay = values.number(raw.delayS(), (int) RestartSettings.DEFAULT_DELAY.toSeconds(),
        (int) RestartSettings.MIN_DELAY.toSeconds(), 600, at.key("delayS"));
    if (window < minInterval) {
      throw values.error(at.key("windowS"), "must not be shorter than minIntervalS (" + minInterval + ")");
    }
    return RestartSettings.create(b -> b.auto(values.flag(raw.auto(), RestartSettings.DEFAULT_AUTO))
        .minInterval(Duration.ofSeconds(minInterval)).maxRestarts(max).window(Duration.ofSeconds(window))
        .delay(Duration.ofSeconds(delay)));
  }

  private RedundancyConfig redundancy(StationFile.Redundancy raw, KeyPath at) throws ConfigException {
    StationFile.Partner p = values.required(raw.partner(), at.key("partner"));
    KeyPath pk = at.key("partner");
    String endpoint = values.text(p.endpointUrl(), pk.key("endpointUrl"));
    if (!endpoint.startsWith("opc.tcp://")) {
      throw values.error(pk.key("endpointUrl"), "must be an opc.tcp:// URL, got '" + endpoint + "'");
    }
    var partner = new RedundancyConfig.Partner(
        values.name(p.name(), pk.key("name")),
        endpoint,
        values.uri(p.applicationUri(), pk.key("applicationUri")).toString(),
        values.relative(values.text(p.certificate(), pk.key("certificate")), pk.key("certificate")));
    List<RedundancyConfig.UdpLink> udp = new ArrayList<>();
    List<RedundancyConfig.SerialLink> serial = new ArrayList<>();
    List<StationFile.StatusLink> links = raw.statusLinks() == null ? List.of() : raw.statusLinks();
    for (int i = 0; i < links.size(); i++) {
      KeyPath lk = at.key("statusLinks").index(i);
      StationFile.StatusLink link = links.get(i);
      if ((link.udp() == null) == (link.serial() == null)) {
        throw values.error(lk, "give exactly one of 'udp' or 'serial'");
      }
      if (link.udp() != null) {
        udp.add(new RedundancyConfig.UdpLink(
            address(link.udp().local(), lk.key("udp").key("local")),
            address(link.udp().partner(), lk.key("udp").key("partner"))));
      } else {
        serial.add(new RedundancyConfig.SerialLink(
            values.text(link.serial().port(), lk.key("serial").key("port")),
            values.number(link.serial().baud(), StatusLinkConfig.Serial.DEFAULT_BAUD,
                StatusLinkConfig.Serial.MIN_BAUD, StatusLinkConfig.Serial.MAX_BAUD, lk.key("serial").key("baud"))));
      }
    }
    return new RedundancyConfig(settings(raw, at), partner, udp, serial);
  }

  /** Defaults and ranges are {@link RedundancySettings}'; errors here name the file and key. */
  private RedundancySettings settings(StationFile.Redundancy raw, KeyPath at) throws ConfigException {
    int linkTimeout = values.number(raw.linkTimeoutMs(), (int) RedundancySettings.DEFAULT_LINK_TIMEOUT_MS,
        (int) RedundancySettings.MIN_LINK_TIMEOUT_MS, (int) RedundancySettings.MAX_LINK_TIMEOUT_MS,
        at.key("linkTimeoutMs"));
    int startupWindow = values.number(raw.startupWindowMs(), (int) RedundancySettings.DEFAULT_STARTUP_WINDOW_MS,
        (int) RedundancySettings.MIN_LINK_TIMEOUT_MS, (int) RedundancySettings.MAX_STARTUP_WINDOW_MS,
        at.key("startupWindowMs"));
    int stabilityDelay = values.number(raw.stabilityDelayMs(), (int) RedundancySettings.DEFAULT_STABILITY_DELAY_MS,
        0, (int) RedundancySettings.MAX_STABILITY_DELAY_MS, at.key("stabilityDelayMs"));
    int clockTolerance = values.number(raw.clockToleranceMs(), (int) RedundancySettings.DEFAULT_CLOCK_TOLERANCE_MS,
        (int) RedundancySettings.MIN_CLOCK_TOLERANCE_MS, (int) RedundancySettings.MAX_CLOCK_TOLERANCE_MS,
        at.key("clockToleranceMs"));
    // a window shorter than one link timeout could not hear a partner that is up: raised, as documented
    long window = Math.max(startupWindow, linkTimeout);
    return RedundancySettings.create(b -> b.redundancyEnabled(values.flag(raw.enabled(), true))
        .defaultMaster(values.flag(raw.defaultMaster(), false))
        .linkTimeoutMs(linkTimeout)
        .startupWindowMs(window)
        .stabilityDelayMs(stabilityDelay)
        .clockToleranceMs(clockTolerance));
  }

  /** {@code host:port}, e.g. {@code 192.168.2.10:4870}. */
  private InetSocketAddress address(String value, KeyPath path) throws ConfigException {
    String text = values.text(value, path);
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw values.error(path, "expected host:port, got '" + text + "'");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw values.error(path, "bad port in '" + text + "'");
    }
    if (port < 1 || port > 65535) {
      throw values.error(path, "bad port " + port + " (1..65535)");
    }
    return new InetSocketAddress(text.substring(0, colon), port);
  }

  private String host(String value, KeyPath path) throws ConfigException {
    String host = values.text(value, path);
    if (host.chars().anyMatch(Character::isWhitespace) || host.contains("/") || host.contains("://")) {
      throw values.error(path, "bad host '" + host + "' (an IP address or host name, no scheme or port)");
    }
    return host;
  }
}
