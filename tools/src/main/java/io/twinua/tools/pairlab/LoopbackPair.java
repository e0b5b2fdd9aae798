package io.twinua.tools.pairlab;

import io.twinua.server.security.PkiAdmin;
import io.twinua.server.security.Role;
import io.twinua.server.security.SecurityConfigException;
import io.twinua.server.security.StationPki;
import io.twinua.server.security.UserDirectory;
import io.twinua.tools.plcsim.FreePorts;
import io.twinua.tools.plcsim.PlcSimConfig;
import io.twinua.tools.plcsim.PlcSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * The redundant pair of the demo plant on loopback, for measurements outside the test suite:
 *
 * <pre>
 * plcsim/                   PLC simulator (AS1, AS2) running in this JVM
 * project/                  copy of the demo project; users.yaml holds one viewer with a random
 *                           password that is never written anywhere (anonymous viewing over
 *                           None stays allowed, as in the demo project)
 * station-a.yaml, -b.yaml   station files: A is defaultMaster; partner certificate pinned; UDP
 *                           status link through a {@link UdpRelay}; terminal bus to the partner
 *                           through a {@link TcpProxy} (one per direction)
 * station-a/, station-b/    data dirs (pki, archive, logs/station.log, logs/redundancy.log)
 * station-a.out, -b.out     console of each station process
 * </pre>
 *
 * Both PKIs are created and trusted both ways before either station starts. Each station is its
 * own OS process ({@link StationProcess}), so it can be killed with SIGKILL and started again.
 */
public final class LoopbackPair implements AutoCloseable {

  public static final String PLANT_NS = "urn:twinua:demo-plant";
  private static final List<String> DEMO_AS = List.of("AS1", "AS2");

  /** One station of the pair and its cable to the partner. */
  public static final class Station {
    private final String name;
    private final int port;
    private final Path dataDir;
    private final TcpProxy toPartner;
    private final StationProcess process;

    private Station(String name, int port, Path file, Path dataDir, TcpProxy toPartner) {
      this.name = name;
      this.port = port;
      this.dataDir = dataDir;
      this.toPartner = toPartner;
      this.process = new StationProcess(file);
    }

    public String name() {
      return name;
    }

    public String endpointUrl() {
      return "opc.tcp://127.0.0.1:" + port;
    }

    public Path pkiDir() {
      return dataDir.resolve("pki");
    }

    public Path stationLog() {
      return dataDir.resolve("logs").resolve("station.log");
    }

    public Path redundancyLog() {
      return dataDir.resolve("logs").resolve("redundancy.log");
    }

    /** The terminal bus from this station to its partner (its partner-link client connects here). */
    public TcpProxy toPartner() {
      return toPartner;
    }

    public StationProcess process() {
      return process;
    }
  }

  private final PlcSimulator plc;
  private final UdpRelay statusLan;
  private final Station a;
  private final Station b;

  private LoopbackPair(PlcSimulator plc, UdpRelay statusLan, Station a, Station b) {
    this.plc = plc;
    this.statusLan = statusLan;
    this.a = a;
    this.b = b;
  }

  /**
   * Lays out the pair under {@code dir} and starts the PLC simulator; {@link #startBoth()} starts
   * the stations.
   *
   * @param demoProject the demo project directory (project.yaml, plant.xml)
   * @param linkTimeoutMs the stations' {@code redundancy.linkTimeoutMs}
   */
  public static LoopbackPair prepare(Path dir, Path demoProject, int periodMs, int linkTimeoutMs)
      throws IOException, SecurityConfigException {
    for (String f : List.of("project.yaml", "plant.xml")) {
      if (!Files.isRegularFile(demoProject.resolve(f))) {
        throw new IOException("demo project " + demoProject.toAbsolutePath() + " has no " + f);
      }
    }
    if (Files.exists(dir.resolve("station-a.yaml"))) {
      throw new IOException(dir + " holds an earlier pair (station-a.yaml): give an empty directory");
    }
    Path project = dir.resolve("project");
    Files.createDirectories(project);
    Files.copy(demoProject.resolve("project.yaml"), project.resolve("project.yaml"));
    Files.copy(demoProject.resolve("plant.xml"), project.resolve("plant.xml"));
    char[] password = randomPassword();
    try {
      UserDirectory.empty().addOrReplace("viewer", Role.VIEWER, password).save(project.resolve("users.yaml"));
    } finally {
      Arrays.fill(password, '\0');
    }

    int as1 = FreePorts.next();
    int as2 = FreePorts.next();
    PlcSimulator plc = PlcSimulator.start(PlcSimConfig.create(c -> c
        .station(DEMO_AS.get(0), as1).station(DEMO_AS.get(1), as2).periodMs(periodMs).dir(dir.resolve("plcsim"))));
    UdpRelay lan = null;
    try {
      int portA = FreePorts.next();
      int portB = FreePorts.next();
      int udpA = FreePorts.next();
      int udpB = FreePorts.next();
      Path pkiA = dir.resolve("station-a").resolve("pki");
      Path pkiB = dir.resolve("station-b").resolve("pki");
      try (StationPki pa = StationPki.open(pkiA, uri("STATION-A"), List.of("127.0.0.1"));
           StationPki pb = StationPki.open(pkiB, uri("STATION-B"), List.of("127.0.0.1"))) {
        PkiAdmin.trust(pkiA, pb.certificate());
        PkiAdmin.trust(pkiB, pa.certificate());
      }
      lan = new UdpRelay(udpA, udpB);
      Station a = station(dir, plc, "STATION-A", "station-a", portA, true, "STATION-B", "station-b", portB,
          udpA, lan.portForA(), linkTimeoutMs);
      Station b = station(dir, plc, "STATION-B", "station-b", portB, false, "STATION-A", "station-a", portA,
          udpB, lan.portForB(), linkTimeoutMs);
      return new LoopbackPair(plc, lan, a, b);
    } catch (IOException | SecurityConfigException | RuntimeException e) {
      if (lan != null) {
        lan.close();
      }
      plc.close();
      throw e;
    }
  }

  private static String uri(String station) {
    return "urn:twinua:station:" + station;
  }

  private static Station station(Path dir, PlcSimulator plc, String name, String data, int port, boolean defaultMaster,
      String partner, String partnerData, int partnerPort, int udpLocal, int udpPartner, int linkTimeoutMs)
      throws IOException {
    TcpProxy toPartner = new TcpProxy(partnerPort);
    Path file = dir.resolve(data + ".yaml");
    Files.writeString(file, String.join("\n",
        "# generated by LoopbackPair (twinua bench failover)",
        "name: " + name,
        "project: project/project.yaml",
        "dataDir: " + data,
        "bindAddress: 127.0.0.1",
        "hostname: 127.0.0.1",
        "port: " + port,
        "asEndpoints:",
        "  " + DEMO_AS.get(0) + ": " + plc.endpointUrl(DEMO_AS.get(0)),
        "  " + DEMO_AS.get(1) + ": " + plc.endpointUrl(DEMO_AS.get(1)),
        "redundancy:",
        "  defaultMaster: " + defaultMaster,
        "  linkTimeoutMs: " + linkTimeoutMs,
        "  partner:",
        "    name: " + partner,
        "    endpointUrl: " + toPartner.url(),
        "    applicationUri: " + uri(partner),
        "    certificate: " + partnerData + "/pki/own/certs/application.pem",
        "  statusLinks:",
        "    - udp: {local: 127.0.0.1:" + udpLocal + ", partner: 127.0.0.1:" + udpPartner + "}",
        ""));
    return new Station(name, port, file, dir.resolve(data), toPartner);
  }

  private static char[] randomPassword() {
    String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    SecureRandom random = new SecureRandom();
    char[] password = new char[20];
    for (int i = 0; i < password.length; i++) {
      password[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return password;
  }

  public Station a() {
    return a;
  }

  public Station b() {
    return b;
  }

  public List<Station> stations() {
    return List.of(a, b);
  }

  public Station partnerOf(Station s) {
    return s == a ? b : a;
  }

  public void startBoth() throws IOException {
    a.process.start();
    b.process.start();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      for (Station s : List.of(a, b)) {
        s.process.stop();
        s.toPartner.close();
      }
    } finally {
      statusLan.close();
      plc.close();
    }
  }
}
