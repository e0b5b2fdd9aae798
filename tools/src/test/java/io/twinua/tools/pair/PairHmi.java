package io.twinua.tools.pair;

import io.twinua.server.security.PkiAdmin;
import io.twinua.server.security.Role;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.pairlab.TcpProxy;
import io.twinua.tools.plcsim.PlcSimulator;
import io.twinua.tools.testing.HmiClients;
import io.twinua.tools.testing.TestProject;
import io.twinua.tools.testing.TestStationJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

/**
 * The test HMI of a {@link LoopbackPair} running the test project: users with known passwords and
 * an HMI certificate both stations trust, and clients of each station. The stations run the
 * product's default redundancy timing.
 */
final class PairHmi {

  private TestProject project;

  private PairHmi() {}

  /** The HMI of a pair that runs {@code project} (its stations trust the project's HMI certificate). */
  static PairHmi of(TestProject project) {
    PairHmi hmi = new PairHmi();
    hmi.project = project;
    return hmi;
  }

  /** A pair on the test project, both stations running the same project. */
  static Prepared prepare(Path dir) throws Exception {
    return prepare(dir, null);
  }

  /** @param editOfB if not null, station B runs its own copy of the project changed by this edit */
  static Prepared prepare(Path dir, UnaryOperator<String> editOfB) throws Exception {
    return prepare(dir, p -> p, editOfB);
  }

  /** A pair that runs the test project changed by {@code edit}, both stations the same. */
  static Prepared prepareEdited(Path dir, UnaryOperator<String> edit) throws Exception {
    return prepare(dir, edit, null);
  }

  /** A pair on the test project whose stations serve their status pages. */
  static Prepared prepareWithStatusPages(Path dir) throws Exception {
    return prepare(dir, p -> p, null, LoopbackPair.Options::statusPages);
  }

  /** A pair on the test project changed by {@code edit}; B on its own copy changed by {@code editOfB} if not null. */
  static Prepared prepare(Path dir, UnaryOperator<String> edit, UnaryOperator<String> editOfB) throws Exception {
    return prepare(dir, edit, editOfB, o -> { });
  }

  private static Prepared prepare(Path dir, UnaryOperator<String> edit, UnaryOperator<String> editOfB,
      Consumer<LoopbackPair.Options> more) throws Exception {
    PairHmi hmi = new PairHmi();
    LoopbackPair pair = LoopbackPair.prepare(dir, o -> {
      more.accept(o);
      o.periodMs(200).stationJvm(TestStationJvm.OPTIONS).project((projectDir, plc) -> hmi.project = create(projectDir, plc, edit));
      if (editOfB != null) {
        o.projectOfB((projectDir, plc) -> {
          create(projectDir, plc, editOfB);
          // the same users (and passwords) as A's project
          Files.copy(hmi.project.dir.resolve("users.yaml"), projectDir.resolve("users.yaml"),
              StandardCopyOption.REPLACE_EXISTING);
        });
      }
    });
    try {
      for (LoopbackPair.Station s : pair.stations()) {
        PkiAdmin.trust(s.pkiDir(), hmi.project.hmiCertificate);
      }
      return new Prepared(pair, hmi);
    } catch (Exception | Error e) {
      pair.close();
      throw e;
    }
  }

  /** The pair and its HMI; closing it kills the stations and closes the pair. */
  record Prepared(LoopbackPair pair, PairHmi hmi) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      // SIGKILL, as NamespacePair: the test is over, and a clean stop (SIGTERM) costs seconds per
      // station, the second station's the longer as it first takes over as Master
      for (LoopbackPair.Station s : pair.stations()) {
        s.process().kill();
      }
      pair.close();
    }
  }

  private static TestProject create(Path projectDir, PlcSimulator plc, UnaryOperator<String> edit) throws Exception {
    return TestProject.create(projectDir, plc.automationStation("AS1").port(), plc.automationStation("AS2").port(), edit);
  }

  /** The project the stations run: users, passwords and the HMI certificate. */
  TestProject project() {
    return project;
  }

  /** Anonymous over SecurityPolicy None, as the demo project allows (read-only). */
  OpcUaClient anonymous(LoopbackPair.Station s) throws Exception {
    return anonymous(s.endpointUrl(), s.dataDir());
  }

  /** Anonymous, through {@code cable}: an HMI whose network cable the test can pull. */
  OpcUaClient anonymousVia(LoopbackPair.Station s, TcpProxy cable) throws Exception {
    return anonymous(cable.url(), s.dataDir());
  }

  /** Anonymous to the station with data dir {@code stationDataDir} at {@code url}. */
  OpcUaClient anonymous(String url, Path stationDataDir) throws Exception {
    return HmiClients.connect(url, HmiClients.stationCertificate(stationDataDir), SecurityPolicy.None,
        MessageSecurityMode.None, new AnonymousProvider(), project.hmiCertificate, project.hmiKeys);
  }

  /** A user login over Basic256Sha256/SignAndEncrypt with the trusted HMI certificate. */
  OpcUaClient login(LoopbackPair.Station s, Role role) throws Exception {
    return HmiClients.connect(s.endpointUrl(), HmiClients.stationCertificate(s.dataDir()), SecurityPolicy.Basic256Sha256,
        MessageSecurityMode.SignAndEncrypt, new UsernameProvider(role.name().toLowerCase(), project.passwords.get(role)),
        project.hmiCertificate, project.hmiKeys);
  }
}
