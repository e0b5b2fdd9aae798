package io.twinua.server.redundancy.statuslink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.twinua.server.config.ConfigException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusLinkConfigReaderTest {

  private static final Path FILE = Path.of("station.yaml");
  private static final String KEY = "redundancy.statusLinks";

  @Test
  void readsBothKindsWithDefaults() throws Exception {
    List<StatusLinkConfig> links = read("""
        redundancy:
          statusLinks:
            - udp: {local: 127.0.0.2:4870, partner: 127.0.0.3:4870}
            - serial: {port: /dev/ttyS1, baud: 115200}
            - udp: {local: "[::1]:4871", partner: "[::1]:4872", timeoutMs: 1500}
            - serial: {port: /dev/ttyUSB0, timeoutMs: 2000, maxReopenDelayMs: 5000}
        """);
    assertEquals(new StatusLinkConfig.Udp(address("127.0.0.2", 4870), address("127.0.0.3", 4870), 1000), links.get(0));
    assertEquals(new StatusLinkConfig.Serial("/dev/ttyS1", 115200, 1000, 2000), links.get(1));
    StatusLinkConfig.Udp v6 = assertInstanceOf(StatusLinkConfig.Udp.class, links.get(2));
    assertEquals(1500, v6.timeoutMs());
    assertEquals(4872, v6.partner().getPort());
    assertEquals(new StatusLinkConfig.Serial("/dev/ttyUSB0", 115200, 2000, 5000), links.get(3));
    assertEquals(StatusLinkKind.SERIAL, links.get(3).kind());
    assertEquals(List.of(), StatusLinkConfigReader.read(FILE, KEY, null));
  }

  @Test
  void badValuesAreRefusedNamingTheFileAndKey() {
    assertError("station.yaml: redundancy.statusLinks[0].udp.local: bad address '127.0.0.2' (host:port,",
        "[{udp: {local: 127.0.0.2, partner: 127.0.0.3:4870}}]");
    assertError("station.yaml: redundancy.statusLinks[0].udp.partner: missing key",
        "[{udp: {local: 127.0.0.2:4870}}]");
    assertError("station.yaml: redundancy.statusLinks[0].udp.partner: bad port 70000",
        "[{udp: {local: 127.0.0.2:4870, partner: 127.0.0.3:70000}}]");
    assertError("station.yaml: redundancy.statusLinks[0].udp: udp status link: local and partner are the same",
        "[{udp: {local: 127.0.0.2:4870, partner: 127.0.0.2:4870}}]");
    assertError("station.yaml: redundancy.statusLinks[0].udp.loacl: unknown key (known: local, partner, timeoutMs)",
        "[{udp: {loacl: 127.0.0.2:4870, partner: 127.0.0.3:4870}}]");
    assertError("station.yaml: redundancy.statusLinks[0].udp: status link timeoutMs 50 is out of range 100..60000",
        "[{udp: {local: 127.0.0.2:4870, partner: 127.0.0.3:4870, timeoutMs: 50}}]");
    assertError("station.yaml: redundancy.statusLinks[0].serial.port: missing key", "[{serial: {baud: 9600}}]");
    assertError("station.yaml: redundancy.statusLinks[0].serial: serial status link /dev/ttyS1: baud 1200 is out of range",
        "[{serial: {port: /dev/ttyS1, baud: 1200}}]");
    assertError("station.yaml: redundancy.statusLinks[0].serial.baud: must be a whole number, not 'fast'",
        "[{serial: {port: /dev/ttyS1, baud: fast}}]");
    assertError("station.yaml: redundancy.statusLinks[1]: /dev/ttyS1 is used by an earlier status link",
        "[{serial: {port: /dev/ttyS1}}, {serial: {port: /dev/ttyS1}}]");
    assertError("station.yaml: redundancy.statusLinks[0]: unknown status link kind 'tcp' (known: udp, serial)",
        "[{tcp: {port: 1}}]");
    assertError("station.yaml: redundancy.statusLinks: must be a list of links", "{udp: {}}");
  }

  private static void assertError(String expectedStart, String yamlList) {
    ConfigException e = assertThrows(ConfigException.class, () -> read("redundancy:\n  statusLinks: " + yamlList));
    if (!e.getMessage().startsWith(expectedStart)) {
      throw new AssertionError("expected a message starting with\n  " + expectedStart + "\nbut was\n  " + e.getMessage());
    }
  }

  private static List<StatusLinkConfig> read(String yaml) throws Exception {
    Map<?, ?> root = new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class);
    Object links = ((Map<?, ?>) root.get("redundancy")).get("statusLinks");
    return StatusLinkConfigReader.read(FILE, KEY, links);
  }

  private static InetSocketAddress address(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }
}
