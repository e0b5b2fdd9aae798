package io.twinua.tools.station;


import io.twinua.server.config.StationLoader;
import io.twinua.server.security.PkiAdmin;
import io.twinua.server.security.Role;
import io.twinua.server.station.Station;
import io.twinua.tools.plcsim.FreePorts;
import io.twinua.tools.plcsim.PlcSimConfig;
import io.twinua.tools.plcsim.PlcSimulator;
import io.twinua.tools.testing.HmiClients;
import io.twinua.tools.testing.TestProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

/**
 * A real plant for end-to-end tests: the PLC simulator (two AS on free loopback ports), a copy of
 * the demo project pointed at them, test users, and one station started from its station file.
 */
final class TestPlant implements AutoCloseable {

  static final String NS = TestProject.PLANT_NS;

  final Path dir;
  final PlcSimulator plc;
  final int port;
  final Path stationFile;
  final Map<Role, String> passwords = new HashMap<>();
  final X509Certificate clientCertificate;
  final KeyPair clientKeys;
  private Station station;

  private TestPlant(Path dir, PlcSimulator plc, int port, Path stationFile, X509Certificate cert, KeyPair keys) {
    this.dir = dir;
    this.plc = plc;
    this.port = port;
    this.stationFile = stationFile;
    this.clientCertificate = cert;
    this.clientKeys = keys;
  }

  static TestPlant start(Path dir, int periodMs) throws Exception {
    return start(dir, periodMs, project -> project);
  }

  /** {@code editProject} may change the project file text (e.g. to map a tag wrongly). */
  static TestPlant start(Path dir, int periodMs, UnaryOperator<String> editProject) throws Exception {
    TestPlant plant = prepare(dir, periodMs, editProject);
    try {
      plant.startStation();
      return plant;
    } catch (Exception | Error e) {
      plant.close();
      throw e;
    }
  }

  /** Everything but the station: PLC simulator, project copy, users, station file, trusted HMI. */
  static TestPlant prepare(Path dir, int periodMs, UnaryOperator<String> editProject) throws Exception {
    int as1 = FreePorts.next();
    int as2 = FreePorts.next();
    PlcSimulator plc = PlcSimulator.start(PlcSimConfig.create(b -> b
        .station("AS1", as1).station("AS2", as2).periodMs(periodMs).dir(dir.resolve("plcsim"))));
    try {
      TestProject project = TestProject.create(dir.resolve("project"), as1, as2, editProject);
      int port = FreePorts.next();
      Path stationFile = dir.resolve("station-a.yaml");
      Files.writeString(stationFile, String.join("\n",
          "name: STATION-A", "project: project/project.yaml", "dataDir: station-a",
          "bindAddress: 127.0.0.1", "hostname: 127.0.0.1", "port: " + port, ""));
      X509Certificate cert = project.hmiCertificate;
      TestPlant plant = new TestPlant(dir, plc, port, stationFile, cert, project.hmiKeys);
      plant.passwords.putAll(project.passwords);
      PkiAdmin.trust(dir.resolve("station-a").resolve("pki"), cert);
      return plant;
    } catch (Exception | Error e) {
      plc.close();
      throw e;
    }
  }

  Path projectDir() {
    return dir.resolve("project");
  }

  Station station() {
    return station;
  }

  void startStation() throws Exception {
    station = Station.start(StationLoader.load(stationFile));
  }

  void stopStation() {
    if (station != null) {
      station.close();
      station = null;
    }
  }

  String endpointUrl() {
    return "opc.tcp://127.0.0.1:" + port;
  }

  Path stationDataDir() {
    return dir.resolve("station-a");
  }

  /** Anonymous over SecurityPolicy None, as the demo allows (read-only). */
  OpcUaClient anonymous() throws Exception {
    return connect(SecurityPolicy.None, MessageSecurityMode.None, new AnonymousProvider());
  }

  /** A user login over Basic256Sha256/SignAndEncrypt with the trusted test client certificate. */
  OpcUaClient login(Role role) throws Exception {
    return connect(SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt,
        new UsernameProvider(role.name().toLowerCase(), passwords.get(role)));
  }

  OpcUaClient connect(SecurityPolicy policy, MessageSecurityMode mode, IdentityProvider identity) throws Exception {
    return connect(policy, mode, identity, clientCertificate, clientKeys);
  }

  OpcUaClient connect(SecurityPolicy policy, MessageSecurityMode mode, IdentityProvider identity,
      X509Certificate certificate, KeyPair keys) throws Exception {
    return HmiClients.connect(endpointUrl(), HmiClients.stationCertificate(stationDataDir()), policy, mode,
        identity, certificate, keys);
  }

  @Override
  public void close() {
    stopStation();
    plc.close();
  }
}
