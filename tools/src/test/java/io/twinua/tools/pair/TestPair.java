package io.twinua.tools.pair;

import io.twinua.server.security.PkiAdmin;
import io.twinua.server.security.Role;
import io.twinua.server.security.StationPki;
import io.twinua.tools.pairlab.StationProcess;
import io.twinua.tools.pairlab.TcpProxy;
import io.twinua.tools.pairlab.UdpRelay;
import io.twinua.tools.plcsim.FreePorts;
import io.twinua.tools.plcsim.PlcSimConfig;
import io.twinua.tools.plcsim.PlcSimulator;
import io.twinua.tools.testing.HmiClients;
import io.twinua.tools.testing.TestProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

/**
 * A redundant pair on loopback, each station its own OS process: the PLC simulator in the test
 * JVM, stations A (default master) and B, a UDP status link between them, and pullable cables
 * (proxies) on the terminal bus in each direction and on each station's AS connections.
 */
final class TestPair implements AutoCloseable {

  final Path dir;
  final PlcSimulator plc;
  final TestProject project;
  final Station a;
  final Station b;
  /** The second LAN (UDP status link) between A and B. */
  final UdpRelay statusLan;

  /** One station of the pair and the cables the test can pull. */
  static final class Station {
    final String name;
    final int port;
    final Path file;
    final Path dataDir;
    final TcpProxy toPartner;
    final TcpProxy toAs1;
    final TcpProxy toAs2;
    final StationProcess process;
    private final TestProject project;

    Station(String name, int port, Path file, Path dataDir, TcpProxy toPartner, TcpProxy toAs1, TcpProxy toAs2,
        TestProject project) {
      this.name = name;
      this.port = port;
      this.file = file;
      this.dataDir = dataDir;
      this.toPartner = toPartner;
      this.toAs1 = toAs1;
      this.toAs2 = toAs2;
      this.project = project;
      this.process = new StationProcess(file);
    }

    java.security.cert.X509Certificate projectHmiCertificate() {
      return project.hmiCertificate;
    }

    java.security.KeyPair projectHmiKeys() {
      return project.hmiKeys;
    }

    /** The station's redundancy log (every redundancy event with its system message number). */
    String redundancyLog() {
      return read(dataDir.resolve("logs").resolve("redundancy.log"));
    }

    /** The station's whole log. */
    String stationLog() {
      return read(dataDir.resolve("logs").resolve("station.log"));
    }

    private static String read(Path file) {
      try {
        return Files.exists(file) ? Files.readString(file) : "";
      } catch (java.io.IOException e) {
        return "";
      }
    }

    String endpointUrl() {
      return "opc.tcp://127.0.0.1:" + port;
    }

    OpcUaClient anonymous() throws Exception {
      return HmiClients.connect(endpointUrl(), HmiClients.stationCertificate(dataDir), SecurityPolicy.None,
          MessageSecurityMode.None, new AnonymousProvider(), project.hmiCertificate, project.hmiKeys);
    }

    OpcUaClient login(Role role) throws Exception {
      return HmiClients.connect(endpointUrl(), HmiClients.stationCertificate(dataDir), SecurityPolicy.Basic256Sha256,
          MessageSecurityMode.SignAndEncrypt, new UsernameProvider(role.name().toLowerCase(), project.passwords.get(role)),
          project.hmiCertificate, project.hmiKeys);
    }
  }

  private TestPair(Path dir, PlcSimulator plc, TestProject project, Station a, Station b, UdpRelay statusLan) {
    this.statusLan = statusLan;
    this.dir = dir;
    this.plc = plc;
    this.project = project;
    this.a = a;
    this.b = b;
  }

  /** Lays out the pair; {@link #startBoth()} or the stations' processes start them. */
  static TestPair prepare(Path dir, int periodMs) throws Exception {
    return prepare(dir, periodMs, null);
  }

  /**
   * @param projectOfB if not null, station B runs its own copy of the project changed by this
   *     edit (to test the functional-equivalence check); otherwise both run the same project
   */
  static TestPair prepare(Path dir, int periodMs, java.util.function.UnaryOperator<String> projectOfB) throws Exception {
    int as1 = FreePorts.next();
    int as2 = FreePorts.next();
    PlcSimulator plc = PlcSimulator.start(PlcSimConfig.create(b -> b
        .station("AS1", as1).station("AS2", as2).periodMs(periodMs).dir(dir.resolve("plcsim"))));
    try {
      TestProject project = TestProject.create(dir.resolve("project"), as1, as2, p -> p);
      int portA = FreePorts.next();
      int portB = FreePorts.next();
      int udpA = FreePorts.next();
      int udpB = FreePorts.next();
      Path pkiA = dir.resolve("station-a").resolve("pki");
      Path pkiB = dir.resolve("station-b").resolve("pki");
      // each station's identity exists before either starts, so each can pin and trust the other
      try (StationPki pa = StationPki.open(pkiA, uri("STATION-A"), List.of("127.0.0.1"));
           StationPki pb = StationPki.open(pkiB, uri("STATION-B"), List.of("127.0.0.1"))) {
        PkiAdmin.trust(pkiA, pb.certificate());
        PkiAdmin.trust(pkiB, pa.certificate());
      }
      PkiAdmin.trust(pkiA, project.hmiCertificate);
      PkiAdmin.trust(pkiB, project.hmiCertificate);
      UdpRelay lan = new UdpRelay(udpA, udpB);
      Station a = station(dir, project, "STATION-A", "station-a", portA, "STATION-B", "station-b", portB, udpA, lan.portForA(), true, as1, as2, "project/project.yaml");
      String projectB = "project/project.yaml";
      if (projectOfB != null) {
        TestProject.create(dir.resolve("project-b"), as1, as2, projectOfB);
        Files.copy(project.dir.resolve("users.yaml"), dir.resolve("project-b").resolve("users.yaml"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        projectB = "project-b/project.yaml";
      }
      Station b = station(dir, project, "STATION-B", "station-b", portB, "STATION-A", "station-a", portA, udpB, lan.portForB(), false, as1, as2, projectB);
      return new TestPair(dir, plc, project, a, b, lan);
    } catch (Exception | Error e) {
      plc.close();
      throw e;
    }
  }

  static String uri(String station) {
    return "urn:twinua:station:" + station;
  }

  private static Station station(Path dir, TestProject project, String name, String data, int port,
      String partner, String partnerData, int partnerPort, int udpLocal, int udpPartner, boolean defaultMaster,
      int as1, int as2, String projectFile) throws Exception {
    TcpProxy toPartner = new TcpProxy(partnerPort);
    TcpProxy toAs1 = new TcpProxy(as1);
    TcpProxy toAs2 = new TcpProxy(as2);
    Path file = dir.resolve(data + ".yaml");
    Files.writeString(file, String.join("\n",
        "name: " + name,
        "project: " + projectFile,
        "dataDir: " + data,
        "bindAddress: 127.0.0.1",
        "hostname: 127.0.0.1",
        "port: " + port,
        "asEndpoints:",
        "  AS1: " + toAs1.url(),
        "  AS2: " + toAs2.url(),
        "redundancy:",
        "  defaultMaster: " + defaultMaster,
        "  linkTimeoutMs: 1000",
        "  stabilityDelayMs: 2000",
        "  partner:",
        "    name: " + partner,
        "    endpointUrl: " + toPartner.url(),
        "    applicationUri: " + uri(partner),
        "    certificate: " + partnerData + "/pki/own/certs/application.pem",
        "  statusLinks:",
        "    - udp: {local: 127.0.0.1:" + udpLocal + ", partner: 127.0.0.1:" + udpPartner + "}",
        ""));
    return new Station(name, port, file, dir.resolve(data), toPartner, toAs1, toAs2, project);
  }

  /** The last lines of both stations' output, for a failing test's message. */
  String diagnostics() {
    StringBuilder sb = new StringBuilder();
    for (Station s : List.of(a, b)) {
      String out = s.process.output();
      List<String> lines = out.lines().toList();
      sb.append("\n----- ").append(s.name).append(" (last 60 lines) -----\n");
      lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(l -> sb.append(l).append('\n'));
    }
    return sb.toString();
  }

  void startBoth() throws Exception {
    a.process.start();
    b.process.start();
  }

  @Override
  public void close() throws Exception {
    for (Station s : List.of(a, b)) {
      s.process.stop();
      s.toPartner.close();
      s.toAs1.close();
      s.toAs2.close();
    }
    statusLan.close();
    plc.close();
  }
}
