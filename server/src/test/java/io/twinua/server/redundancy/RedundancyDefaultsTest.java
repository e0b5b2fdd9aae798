package io.twinua.server.redundancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.config.RedundancyConfig;
import io.twinua.server.config.StationConfig;
import io.twinua.server.config.StationLoader;
import io.twinua.server.nodeset.DemoPlantFiles;
import io.twinua.server.redundancy.statuslink.StatusLink;
import io.twinua.server.redundancy.statuslink.StatusLinkConfig;
import io.twinua.server.redundancy.statuslink.UdpStatusLink;
import io.twinua.server.redundancy.statuslink.SerialStatusLink;
import io.twinua.server.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The defaults {@code nodeset/README.md} documents for the station file's {@code redundancy:}
 * section are the ones a station runs: read from the README text, compared with what the loader
 * and the redundancy entry point build from a station file that leaves the optional keys out.
 */
class RedundancyDefaultsTest {

  private static final Path README = Path.of("..", "nodeset", "README.md");

  @TempDir Path dir;

  @Test
  void theDocumentedDefaultsAreTheOnesThatRun() throws Exception {
    String doc = stationFileSection();
    long linkTimeout = documented(doc, "linkTimeoutMs");
    long startupWindow = documented(doc, "startupWindowMs");
    long stabilityDelay = documented(doc, "stabilityDelayMs");
    long clockTolerance = documented(doc, "clockToleranceMs");
    long baud = documented(doc, "baud");
    Matcher period = Pattern.compile("heartbeats go out every (\\d+) ms").matcher(doc);
    assertTrue(period.find(), "README names the heartbeat period");

    StationConfig station = StationLoader.load(minimalStationFile());
    RedundancyConfig pair = station.redundancy().orElseThrow();
    RedundancySettings settings = StationRedundancy.settings(station);
    assertEquals(new RedundancySettings(true, false, linkTimeout, startupWindow, stabilityDelay, clockTolerance), settings);
    assertEquals(RedundancySettings.DEFAULT, settings);
    assertEquals(Long.parseLong(period.group(1)), settings.heartbeatPeriodMs());

    // every component the entry point builds runs on the same values
    assertEquals(Duration.ofMillis(linkTimeout), PairLinks.partnerLink(pair, "urn:plant").timeout());
    List<StatusLinkConfig> statusConfigs = PairLinks.statusLinkConfigs(pair);
    assertEquals(2, statusConfigs.size());
    statusConfigs.forEach(c -> assertEquals(linkTimeout, c.timeoutMs(), c.toString()));
    List<StatusLink> links = PairLinks.statusLinks(pair, (link, heartbeat, at) -> { }, clock());
    try {
      assertEquals(linkTimeout, ((UdpStatusLink) links.get(0)).config().timeoutMs());
      SerialStatusLink serial = (SerialStatusLink) links.get(1);
      assertEquals(linkTimeout, serial.config().timeoutMs());
      assertEquals(baud, serial.config().baud());
    } finally {
      links.forEach(StatusLink::close);
    }

    ManualClock clock = clock();
    RoleMachine machine = StationRedundancy.roleMachine(station, "", clock);
    assertEquals(settings, machine.settings());
    assertEquals(EnumSet.allOf(LinkId.class), machine.partner().links().keySet(), "terminal bus, LAN, serial");
    // and the machine decides on them: a link is DOWN exactly one link timeout after the last heartbeat
    Instant heard = clock.instant();
    machine.onHeartbeat(LinkId.TERMINAL_BUS, partner(heard), heard);
    machine.tick(heard.plusMillis(linkTimeout - 1));
    assertTrue(machine.partner().linksUp().contains(LinkId.TERMINAL_BUS));
    machine.tick(heard.plusMillis(linkTimeout));
    assertEquals(EnumSet.noneOf(LinkId.class), machine.partner().linksUp());
  }

  /** A station without a {@code redundancy:} section is Standalone on the same timing. */
  @Test
  void aStationWithoutPartnerRunsStandalone() throws Exception {
    String file = Files.readString(minimalStationFile());
    Path standalone = dir.resolve("standalone.yaml");
    Files.writeString(standalone, file.substring(0, file.indexOf("redundancy:")));
    StationConfig station = StationLoader.load(standalone);
    RoleMachine machine = StationRedundancy.roleMachine(station, "", clock());
    assertEquals(RedundancyRole.STANDALONE, machine.role());
    assertEquals(RedundancySettings.STANDALONE, machine.settings());
  }

  private Path minimalStationFile() throws Exception {
    Path file = dir.resolve("station.yaml");
    Files.writeString(file, """
        name: STATION-A
        project: %s
        dataDir: data
        bindAddress: 127.0.0.1
        hostname: 127.0.0.1
        port: 4840
        redundancy:
          partner:
            name: STATION-B
            endpointUrl: opc.tcp://10.0.0.2:4840
            applicationUri: urn:twinua:station:STATION-B
            certificate: partner.pem
          statusLinks:
            - udp: {local: 127.0.0.1:4870, partner: 127.0.0.1:4871}
            - serial: {port: /dev/ttyS1}
        """.formatted(DemoPlantFiles.PROJECT.toAbsolutePath().normalize()));
    return file;
  }

  private static String stationFileSection() throws Exception {
    String readme = Files.readString(README);
    int start = readme.indexOf("## Station file");
    assertTrue(start >= 0, "README has a station file section");
    int end = readme.indexOf("\n## ", start + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  /** The example's value of {@code key}, which must also be the default its comment names. */
  private static long documented(String doc, String key) {
    Matcher example = Pattern.compile("\\b" + key + ": (\\d+)").matcher(doc);
    assertTrue(example.find(), key + " in the README's station file example");
    // the comment on that line or its continuation lines
    String comment = doc.substring(example.end(), Math.min(doc.length(), example.end() + 200));
    Matcher byDefault = Pattern.compile("# [^\\n]*?default (\\d+)|\\n\\s+# default (\\d+)").matcher(comment);
    assertTrue(byDefault.find(), "README names the default of " + key);
    String value = byDefault.group(1) != null ? byDefault.group(1) : byDefault.group(2);
    assertEquals(value, example.group(1), key + ": the README's example shows its default");
    return Long.parseLong(value);
  }

  private static Heartbeat partner(Instant sent) {
    return new Heartbeat("STATION-B", RedundancyRole.UNDEFINED, 0, 0, 0, 0, false, true, false, Heartbeat.Request.NONE,
        "", 1, sent.toEpochMilli());
  }

  private static ManualClock clock() {
    return new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  }
}
