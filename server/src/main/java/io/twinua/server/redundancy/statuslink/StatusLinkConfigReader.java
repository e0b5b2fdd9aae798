package io.twinua.server.redundancy.statuslink;

import io.twinua.server.config.ConfigException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code redundancy.statusLinks} of a station file from the YAML tree (lists, maps, scalars as
 * Jackson reads them into {@code Object}):
 *
 * <pre>
 * statusLinks:
 *   - udp: {local: 127.0.0.2:4870, partner: 127.0.0.3:4870, timeoutMs: 1000}
 *   - serial: {port: /dev/ttyS1, baud: 115200, timeoutMs: 1000, maxReopenDelayMs: 2000}
 * </pre>
 *
 * {@code timeoutMs}, {@code baud} and {@code maxReopenDelayMs} are optional (defaults in {@link
 * StatusLinkConfig}). Errors name the file and key, e.g. {@code station.yaml:
 * redundancy.statusLinks[0].udp.local: bad address '127.0.0.2' (host:port, e.g. 127.0.0.2:4870)}.
 */
public final class StatusLinkConfigReader {

  private static final Set<String> UDP_KEYS = Set.of("local", "partner", "timeoutMs");
  private static final Set<String> SERIAL_KEYS = Set.of("port", "baud", "timeoutMs", "maxReopenDelayMs");

  private final Path file;

  private StatusLinkConfigReader(Path file) {
    this.file = file;
  }

  /**
   * @param keyPath where {@code node} sits in the file, e.g. {@code redundancy.statusLinks}
   * @param node the list, or null when the key is absent (no status links)
   */
  public static List<StatusLinkConfig> read(Path file, String keyPath, Object node) throws ConfigException {
    return new StatusLinkConfigReader(file).list(keyPath, node);
  }

  private List<StatusLinkConfig> list(String path, Object node) throws ConfigException {
    if (node == null) {
      return List.of();
    }
    if (!(node instanceof List<?> entries)) {
      throw error(path, "must be a list of links, e.g. [{udp: {local: ..., partner: ...}}, {serial: {port: ...}}]");
    }
    List<StatusLinkConfig> links = new ArrayList<>();
    Set<Object> used = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      String at = path + "[" + i + "]";
      StatusLinkConfig link = entry(at, entries.get(i));
      Object resource = link instanceof StatusLinkConfig.Udp u ? u.local() : ((StatusLinkConfig.Serial) link).port();
      if (!used.add(resource)) {
        throw error(at, resource + " is used by an earlier status link");
      }
      links.add(link);
    }
    return List.copyOf(links);
  }

  private StatusLinkConfig entry(String at, Object node) throws ConfigException {
    if (!(node instanceof Map<?, ?> map) || map.size() != 1) {
      throw error(at, "must be one of {udp: {...}} or {serial: {...}}");
    }
    Object kind = map.keySet().iterator().next();
    Object body = map.values().iterator().next();
    if ("udp".equals(kind)) {
      return udp(at + ".udp", fields(at + ".udp", body, UDP_KEYS));
    }
    if ("serial".equals(kind)) {
      return serial(at + ".serial", fields(at + ".serial", body, SERIAL_KEYS));
    }
    throw error(at, "unknown status link kind '" + kind + "' (known: udp, serial)");
  }

  private StatusLinkConfig udp(String at, Map<?, ?> fields) throws ConfigException {
    InetSocketAddress local = address(at + ".local", fields.get("local"));
    InetSocketAddress partner = address(at + ".partner", fields.get("partner"));
    long timeoutMs = number(at + ".timeoutMs", fields.get("timeoutMs"), StatusLinkConfig.DEFAULT_TIMEOUT_MS);
    try {
      return new StatusLinkConfig.Udp(local, partner, timeoutMs);
    } catch (IllegalArgumentException e) {
      throw error(at, e.getMessage());
    }
  }

  private StatusLinkConfig serial(String at, Map<?, ?> fields) throws ConfigException {
    Object port = fields.get("port");
    if (!(port instanceof String text) || text.isBlank()) {
      throw error(at + ".port", port == null ? "missing key" : "must be a device path such as /dev/ttyS1");
    }
    long baud = number(at + ".baud", fields.get("baud"), StatusLinkConfig.Serial.DEFAULT_BAUD);
    long timeoutMs = number(at + ".timeoutMs", fields.get("timeoutMs"), StatusLinkConfig.DEFAULT_TIMEOUT_MS);
    long maxReopen = number(at + ".maxReopenDelayMs", fields.get("maxReopenDelayMs"),
        StatusLinkConfig.Serial.DEFAULT_MAX_REOPEN_DELAY_MS);
    if (baud > Integer.MAX_VALUE) {
      throw error(at + ".baud", baud + " is out of range");
    }
    try {
      return new StatusLinkConfig.Serial(text.strip(), (int) baud, timeoutMs, maxReopen);
    } catch (IllegalArgumentException e) {
      throw error(at, e.getMessage());
    }
  }

  private Map<?, ?> fields(String at, Object body, Set<String> known) throws ConfigException {
    if (!(body instanceof Map<?, ?> map)) {
      throw error(at, "must be a map with keys " + new java.util.TreeSet<>(known));
    }
    for (Object key : map.keySet()) {
      if (!known.contains(key)) {
        throw error(at + "." + key, "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    }
    return map;
  }

  private long number(String at, Object value, long defaultValue) throws ConfigException {
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    throw error(at, "must be a whole number, not '" + value + "'");
  }

  private InetSocketAddress address(String at, Object value) throws ConfigException {
    if (value == null) {
      throw error(at, "missing key");
    }
    String text = value.toString().strip();
    String hint = " (host:port, e.g. 127.0.0.2:4870 or [fd00::2]:4870)";
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw error(at, "bad address '" + text + "'" + hint);
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw error(at, "bad address '" + text + "': put an IPv6 address in brackets" + hint);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw error(at, "bad port in '" + text + "'" + hint);
    }
    if (port < 1 || port > 65535) {
      throw error(at, "bad port " + port + " in '" + text + "' (1..65535)");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw error(at, "unknown host '" + host + "'");
    }
  }

  private ConfigException error(String at, String problem) {
    return new ConfigException(file, at, problem);
  }
}
