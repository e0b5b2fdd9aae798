package io.twinua.tools.launch;

import io.twinua.server.config.MemorySettings;
import io.twinua.server.health.restart.RestartSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a station file ({@code nodeset/README.md}, "Station file") for the demo, the benchmarks
 * and the tests: the one place that knows its keys, so a renamed key is changed once. Relative
 * paths are relative to the station file, as the loader reads them.
 */
public final class StationFileWriter {

  private final String header;
  private final String name;
  private String project = "project/project.yaml";
  private String dataDir;
  private String bindAddress = "127.0.0.1";
  private String hostname = "127.0.0.1";
  private int port;
  private final Map<String, String> asEndpoints = new LinkedHashMap<>();
  private Redundancy redundancy;
  private Integer statusPagePort;
  private RestartSettings restart;
  private MemorySettings memory = MemorySettings.FOLLOW_PROJECT;

  /** The {@code redundancy:} section: this station's partner and the status links to it. */
  public static final class Redundancy {
    private final boolean defaultMaster;
    private final String partnerName;
    private final String partnerEndpointUrl;
    private final String partnerCertificate;
    private Integer linkTimeoutMs;
    private Integer stabilityDelayMs;
    private final List<String> statusLinks = new ArrayList<>();

    /**
     * @param partnerCertificate the partner's certificate file (relative to the station file),
     *     pinned by this station
     */
    public Redundancy(boolean defaultMaster, String partnerName, String partnerEndpointUrl, String partnerCertificate) {
      this.defaultMaster = defaultMaster;
      this.partnerName = partnerName;
      this.partnerEndpointUrl = partnerEndpointUrl;
      this.partnerCertificate = partnerCertificate;
    }

    /** Left out, the product default runs. */
    public Redundancy linkTimeoutMs(int ms) {
      this.linkTimeoutMs = ms;
      return this;
    }

    /** Left out, the product default runs. */
    public Redundancy stabilityDelayMs(int ms) {
      this.stabilityDelayMs = ms;
      return this;
    }

    /** A UDP status link, {@code host:port} each. */
    public Redundancy udp(String local, String partner) {
      statusLinks.add("    - udp: {local: " + local + ", partner: " + partner + "}");
      return this;
    }

    /** A serial status link (null-modem cable) on {@code port}. */
    public Redundancy serial(Path port, int baud) {
      statusLinks.add("    - serial: {port: " + port + ", baud: " + baud + "}");
      return this;
    }
  }

  /** @param header what generated the file, written as its first comment line */
  public StationFileWriter(String header, String name, String dataDir, int port) {
    this.header = header;
    this.name = name;
    this.dataDir = dataDir;
    this.port = port;
  }

  /** The application URI the tools give station {@code name} (and its certificate carries). */
  public static String applicationUri(String name) {
    return "urn:twinua:station:" + name;
  }

  public StationFileWriter project(String projectFile) {
    this.project = projectFile;
    return this;
  }

  /** Where the server binds and the host name its endpoints advertise (default 127.0.0.1 both). */
  public StationFileWriter network(String bindAddress, String hostname) {
    this.bindAddress = bindAddress;
    this.hostname = hostname;
    return this;
  }

  /** Overrides an automation station's endpoint from the project for this station. */
  public StationFileWriter asEndpoint(String as, String endpointUrl) {
    asEndpoints.put(as, endpointUrl);
    return this;
  }

  /** The read-only status page on {@code port} of the bind address (0: the OS chooses). */
  public StationFileWriter statusPage(int port) {
    this.statusPagePort = port;
    return this;
  }

  public StationFileWriter redundancy(Redundancy r) {
    this.redundancy = r;
    return this;
  }

  /** The {@code restart:} section (left out: the product defaults). */
  public StationFileWriter restart(RestartSettings r) {
    this.restart = r;
    return this;
  }

  /** The {@code memory:} section: the limits given; left out, they follow the project. */
  public StationFileWriter memory(MemorySettings m) {
    this.memory = m;
    return this;
  }

  public String text() {
    List<String> lines = new ArrayList<>(List.of(
        "# " + header,
        "name: " + name,
        "project: " + project,
        "dataDir: " + dataDir,
        "bindAddress: " + bindAddress,
        "hostname: " + hostname,
        "port: " + port));
    if (statusPagePort != null) {
      lines.add("statusPage:");
      lines.add("  port: " + statusPagePort);
    }
    if (!asEndpoints.isEmpty()) {
      lines.add("asEndpoints:");
      asEndpoints.forEach((as, url) -> lines.add("  " + as + ": " + url));
    }
    if (redundancy != null) {
      Redundancy r = redundancy;
      lines.add("redundancy:");
      lines.add("  defaultMaster: " + r.defaultMaster);
      if (r.linkTimeoutMs != null) {
        lines.add("  linkTimeoutMs: " + r.linkTimeoutMs);
      }
      if (r.stabilityDelayMs != null) {
        lines.add("  stabilityDelayMs: " + r.stabilityDelayMs);
      }
      lines.add("  partner:");
      lines.add("    name: " + r.partnerName);
      lines.add("    endpointUrl: " + r.partnerEndpointUrl);
      lines.add("    applicationUri: " + applicationUri(r.partnerName));
      lines.add("    certificate: " + r.partnerCertificate);
      if (!r.statusLinks.isEmpty()) {
        lines.add("  statusLinks:");
        lines.addAll(r.statusLinks);
      }
    }
    if (restart != null) {
      lines.add("restart:");
      lines.add("  auto: " + restart.auto());
      lines.add("  minIntervalS: " + restart.minInterval().toSeconds());
      lines.add("  maxRestarts: " + restart.maxRestarts());
      lines.add("  windowS: " + restart.window().toSeconds());
      lines.add("  delayS: " + restart.delay().toSeconds());
    }
    if (!memory.equals(MemorySettings.FOLLOW_PROJECT)) {
      lines.add("memory:");
      memory.heapMb().ifPresent(v -> lines.add("  heapMb: " + v));
      memory.metaspaceMb().ifPresent(v -> lines.add("  metaspaceMb: " + v));
      memory.directMemoryMb().ifPresent(v -> lines.add("  directMemoryMb: " + v));
      memory.threadStackKb().ifPresent(v -> lines.add("  threadStackKb: " + v));
    }
    lines.add("");
    return String.join("\n", lines);
  }

  public Path write(Path file) throws IOException {
    Files.writeString(file, text());
    return file;
  }
}
