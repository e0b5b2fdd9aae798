package io.twinua.server.config;

import io.twinua.server.redundancy.RedundancySettings;
import io.twinua.server.redundancy.statuslink.StatusLinkConfig;
import java.net.InetSocketAddress;
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
        raw.diagnostics() == null ? DiagnosticsConfig.OFF
            : new DiagnosticsConfig(values.flag(raw.diagnostics().faultInjection(), false)));
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
