package io.twinua.tools.launch;

import io.twinua.server.security.OwnerOnlyFiles;
import io.twinua.server.security.PkiAdmin;
import io.twinua.server.security.Role;
import io.twinua.server.security.StationPki;
import io.twinua.server.security.UserDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import io.twinua.server.security.ClientCertificateBundle;
import io.twinua.server.security.IssuedCertificate;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lays out a demo run directory: a copy of the demo project with its own users file, and one
 * station file per station. Demo logins get random passwords on first run (never hard-coded),
 * written to a credentials file only the owner can read.
 */
record DemoSetup(Path projectFile, Path credentialsFile, List<Path> stationFiles, List<String> hmiArgs) {

  /** Where {@code twinua demo} serves the web HMI. */
  static final String HMI_URL = "http://127.0.0.1:8080/";
  static final String HMI_URI = "urn:twinua:demo:hmi";

  private static final Logger LOG = LoggerFactory.getLogger(DemoSetup.class);
  private static final String[] DEMO_USERS = {"viewer", "operator", "engineer"};

  /**
   * @param serialCable whether a socat pty pair ({@code serial-a}, {@code serial-b} in the run
   *     directory) stands in for the null-modem cable between the stations
   */
  static DemoSetup prepare(Path demoProject, Path runDir, boolean serialCable) throws Exception {
    Path project = runDir.resolve("project");
    Files.createDirectories(project);
    try (Stream<Path> files = Files.list(demoProject)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        // refreshed on every start so edits of the demo project take effect; users stay
        if (!f.getFileName().toString().equals("users.yaml")) {
          Files.copy(f, project.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Path users = project.resolve("users.yaml");
    Path credentials = runDir.resolve("credentials.txt");
    if (!Files.exists(users)) {
      createDemoUsers(users, credentials);
    }
    // both identities exist before either station starts, so each can pin and trust the other
    String uriA = "urn:twinua:station:STATION-A";
    String uriB = "urn:twinua:station:STATION-B";
    Path pkiA = runDir.resolve("station-a").resolve("pki");
    Path pkiB = runDir.resolve("station-b").resolve("pki");
    Path hmi = runDir.resolve("hmi");
    try (StationPki a = StationPki.open(pkiA, uriA, List.of("127.0.0.1"));
         StationPki b = StationPki.open(pkiB, uriB, List.of("127.0.0.1"))) {
      PkiAdmin.trust(pkiA, b.certificate());
      PkiAdmin.trust(pkiB, a.certificate());
      // the web HMI's logins need a client certificate both stations trust, and the HMI must
      // trust them: a demo convenience done here, in production 'twinua certs client' + 'trust'
      Path hmiCertificate = hmiCertificate(hmi);
      PkiAdmin.trust(pkiA, hmiCertificate);
      PkiAdmin.trust(pkiB, hmiCertificate);
      PkiAdmin.trust(hmi.resolve("pki"), a.certificate());
      PkiAdmin.trust(hmi.resolve("pki"), b.certificate());
      LOG.info("demo convenience: both stations trust the web HMI's self-signed client certificate {}", hmiCertificate);
    }
    List<Path> stations = new ArrayList<>();
    stations.add(writeStation(runDir, "STATION-A", "station-a", 4840, 4870, 8840, true, "STATION-B", "station-b", 4841, 4871,
        serialCable ? runDir.resolve("serial-a") : null));
    stations.add(writeStation(runDir, "STATION-B", "station-b", 4841, 4871, 8841, false, "STATION-A", "station-a", 4840, 4870,
        serialCable ? runDir.resolve("serial-b") : null));
    List<String> hmiArgs = List.of("hmi", "--endpoint", "opc.tcp://127.0.0.1:4840", "--endpoint", "opc.tcp://127.0.0.1:4841",
        "--prefer", "master", "--port", "8080", "--bind", "127.0.0.1", "--connect-timeout", "120s",
        "--client-p12", hmi.resolve("hmi.p12").toString(), "--pki", hmi.resolve("pki").toString());
    return new DemoSetup(project.resolve("project.yaml"), credentials, stations, hmiArgs);
  }

  /** The HMI's client certificate (self-signed, made on first run, kept owner-only); returns its PEM file. */
  private static Path hmiCertificate(Path hmiDir) throws Exception {
    Path pem = hmiDir.resolve("hmi.cert.pem");
    if (!Files.exists(hmiDir.resolve("hmi.p12"))) {
      KeyPair keys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
      X509Certificate certificate = new SelfSignedCertificateBuilder(keys)
          .setCommonName("TwinUA demo web HMI").setOrganization("TwinUA").setApplicationUri(HMI_URI)
          .addDnsName("localhost").addIpAddress("127.0.0.1").build();
      ClientCertificateBundle.write(new IssuedCertificate(keys.getPrivate(), List.of(certificate)), hmiDir, "hmi");
    }
    return pem;
  }

  private static void createDemoUsers(Path users, Path credentials) throws Exception {
    SecureRandom random = new SecureRandom();
    UserDirectory directory = UserDirectory.empty();
    StringBuilder text = new StringBuilder("# TwinUA demo logins (generated on first run; delete users.yaml to regenerate)\n");
    for (String name : DEMO_USERS) {
      String password = randomPassword(random);
      directory = directory.addOrReplace(name, Role.valueOf(name.toUpperCase()), password.toCharArray());
      text.append(name).append(' ').append(password).append('\n');
    }
    directory.save(users);
    // created owner-only and moved into place: the passwords are never in a file others can read
    OwnerOnlyFiles.write(credentials, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String randomPassword(SecureRandom random) {
    String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static Path writeStation(Path runDir, String name, String dataDir, int port, int udp, int statusPage,
      boolean defaultMaster,
      String partner, String partnerDataDir, int partnerPort, int partnerUdp, Path serial) throws IOException {
    // a second LAN (UDP) and, with socat, a null-modem cable (pty pair); on one machine both on loopback
    var redundancy = new StationFileWriter.Redundancy(defaultMaster, partner, "opc.tcp://127.0.0.1:" + partnerPort,
        partnerDataDir + "/pki/own/certs/application.pem")
        .udp("127.0.0.1:" + udp, "127.0.0.1:" + partnerUdp);
    if (serial != null) {
      redundancy.serial(serial, 115_200);
    }
    return new StationFileWriter("generated by 'twinua demo' (computer-specific settings of one station)",
        name, dataDir, port).statusPage(statusPage).redundancy(redundancy).write(runDir.resolve(dataDir + ".yaml"));
  }

}
