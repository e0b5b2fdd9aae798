package io.twinua.server.config;

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
    return new StationConfig(
        name, project, dataDir, bindAddress, hostname, port, applicationUri, file.toAbsolutePath().normalize());
  }

  private String host(String value, KeyPath path) throws ConfigException {
    String host = values.text(value, path);
    if (host.chars().anyMatch(Character::isWhitespace) || host.contains("/") || host.contains("://")) {
      throw values.error(path, "bad host '" + host + "' (an IP address or host name, no scheme or port)");
    }
    return host;
  }
}
