package io.twinua.tools.pair;

import io.twinua.server.security.PkiAdmin;
import io.twinua.server.security.StationPki;
import io.twinua.tools.launch.StationFileWriter;
import io.twinua.tools.pairlab.StationProcess;
import io.twinua.tools.plcsim.PlcSimConfig;
import io.twinua.tools.plcsim.PlcSimulator;
import io.twinua.tools.testing.HmiClients;
import io.twinua.tools.testing.TestProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

/**
 * The redundant pair with each station in its own network namespace ({@link NamespaceNetwork}):
 * the PLC simulator in the test JVM on the plant LAN, the terminal bus and the status LAN as veth
 * cables between the stations. Station files, PKI and project as in the loopback pair; the
 * stations run the product's default redundancy timing (no linkTimeoutMs in the station file).
 */
final class NamespacePair implements AutoCloseable {

  private static final int STATION_PORT = 4840; // each station has its namespace to itself
  private static final int STATUS_PORT = 4870;

  /** One station of the pair. */
  static final class Station {
    final String name;
    final Path dataDir;
    final StationProcess process;
    private final String plantAddress;
    private final TestProject project;

    private Station(String name, Path dataDir, StationProcess process, String plantAddress, TestProject project) {
      this.name = name;
      this.dataDir = dataDir;
      this.process = process;
      this.plantAddress = plantAddress;
      this.project = project;
    }

    String endpointUrl() {
      return "opc.tcp://" + plantAddress + ":" + STATION_PORT;
    }

    Path redundancyLog() {
      return dataDir.resolve("logs").resolve("redundancy.log");
    }

    Path stationLog() {
      return dataDir.resolve("logs").resolve("station.log");
    }

    /** An HMI client on the plant LAN, anonymous over SecurityPolicy None. */
    OpcUaClient anonymous() throws Exception {
      return HmiClients.connect(endpointUrl(), HmiClients.stationCertificate(dataDir), SecurityPolicy.None,
          MessageSecurityMode.None, new AnonymousProvider(), project.hmiCertificate, project.hmiKeys);
    }
  }

  final NamespaceNetwork net;
  final PlcSimulator plc;
  final Station a;
  final Station b;

  private NamespacePair(NamespaceNetwork net, PlcSimulator plc, Station a, Station b) {
    this.net = net;
    this.plc = plc;
    this.a = a;
    this.b = b;
  }

  static NamespacePair prepare(Path dir, int periodMs) throws Exception {
    NamespaceNetwork net = NamespaceNetwork.create();
    PlcSimulator plc = null;
    try {
      String host = net.plantHost();
      int as1 = freePort(host);
      int as2 = freePort(host);
      plc = PlcSimulator.start(PlcSimConfig.create(c -> c.bindAddress(host)
          .station("AS1", as1).station("AS2", as2).periodMs(periodMs).dir(dir.resolve("plcsim"))));
      TestProject project = TestProject.create(dir.resolve("project"), as1, as2, p -> p);
      Path pkiA = dir.resolve("station-a").resolve("pki");
      Path pkiB = dir.resolve("station-b").resolve("pki");
      try (StationPki pa = StationPki.open(pkiA, StationFileWriter.applicationUri("STATION-A"),
              List.of(net.plantAddress(true), net.busAddress(true)));
           StationPki pb = StationPki.open(pkiB, StationFileWriter.applicationUri("STATION-B"),
              List.of(net.plantAddress(false), net.busAddress(false)))) {
        PkiAdmin.trust(pkiA, pb.certificate());
        PkiAdmin.trust(pkiB, pa.certificate());
      }
      PkiAdmin.trust(pkiA, project.hmiCertificate);
      PkiAdmin.trust(pkiB, project.hmiCertificate);
      Station a = station(dir, net, plc, project, true);
      Station b = station(dir, net, plc, project, false);
      return new NamespacePair(net, plc, a, b);
    } catch (Exception | Error e) {
      if (plc != null) {
        plc.close();
      }
      net.close();
      throw e;
    }
  }

  private static Station station(Path dir, NamespaceNetwork net, PlcSimulator plc, TestProject project, boolean isA)
      throws IOException {
    String name = isA ? "STATION-A" : "STATION-B";
    String data = isA ? "station-a" : "station-b";
    String partner = isA ? "STATION-B" : "STATION-A";
    String partnerData = isA ? "station-b" : "station-a";
    var redundancy = new StationFileWriter.Redundancy(isA,
        partner, "opc.tcp://" + net.busAddress(!isA) + ":" + STATION_PORT, partnerData + "/pki/own/certs/application.pem")
        .udp(net.statusLanAddress(isA) + ":" + STATUS_PORT, net.statusLanAddress(!isA) + ":" + STATUS_PORT);
    Path file = new StationFileWriter("generated by NamespacePair", name, data, STATION_PORT)
        .network("0.0.0.0", net.plantAddress(isA))
        .asEndpoint("AS1", plc.endpointUrl("AS1"))
        .asEndpoint("AS2", plc.endpointUrl("AS2"))
        .redundancy(redundancy)
        .write(dir.resolve(data + ".yaml"));
    StationProcess process = new StationProcess(file, net.launcher(isA), List.of("-Xmx256m"));
    return new Station(name, dir.resolve(data), process, net.plantAddress(isA), project);
  }

  /** A free port on this JVM's plant LAN address, for the PLC simulator. */
  private static int freePort(String host) {
    try (var socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }

  void startBoth() throws IOException {
    a.process.start();
    b.process.start();
  }

  /** The last lines of both stations' consoles, for a failing test's message. */
  String diagnostics() {
    StringBuilder sb = new StringBuilder();
    for (Station s : List.of(a, b)) {
      sb.append("\n----- ").append(s.name).append(" (last 60 lines) -----\n").append(s.process.outputTail(60));
    }
    return sb.toString();
  }

  static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws Exception {
    try {
      // SIGKILL: the scenarios are over, and a clean stop of two stations costs seconds each
      a.process.kill();
      b.process.kill();
    } finally {
      plc.close();
      net.close();
    }
  }
}
