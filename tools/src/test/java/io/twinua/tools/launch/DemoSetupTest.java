package io.twinua.tools.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.config.RedundancyConfig;
import io.twinua.server.config.StationConfig;
import io.twinua.server.config.StationLoader;
import io.twinua.server.security.OwnerOnlyFiles;
import io.twinua.tools.testing.TestProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import io.twinua.server.security.PkiAdmin;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's files: logins never in a file others can read; station files the loader accepts as a pair. */
class DemoSetupTest {

  @TempDir Path runDir;

  @Test
  void regeneratedCredentialsNeverGoIntoAFileOthersCanRead() throws Exception {
    // a run directory from before, whose credentials file others can read ("delete users.yaml to
    // regenerate"); a second name for that file shows what is written into it
    Path credentials = runDir.resolve("credentials.txt");
    Files.writeString(credentials, "old\n");
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-r--r--"));
    Path sameFile = Files.createLink(runDir.resolve("same-file"), credentials);

    DemoSetup setup = DemoSetup.prepare(TestProject.DEMO_PROJECT, runDir, false);

    assertEquals(credentials, setup.credentialsFile());
    assertTrue(OwnerOnlyFiles.isOwnerOnly(credentials), PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
    List<String> logins = Files.readAllLines(credentials).stream().filter(l -> !l.startsWith("#")).toList();
    assertEquals(List.of("viewer", "operator", "engineer"), logins.stream().map(l -> l.split(" ")[0]).toList());
    assertEquals("old\n", Files.readString(sameFile), "the new passwords were written to a fresh owner-only file");
    assertFalse(OwnerOnlyFiles.isOwnerOnly(sameFile), "test setup: the old file stayed readable by others");
  }

  @Test
  void demoStationFilesLoadAsAPairWithBothStatusLinks() throws Exception {
    DemoSetup setup = DemoSetup.prepare(TestProject.DEMO_PROJECT, runDir, true);
    assertEquals(2, setup.stationFiles().size());
    StationConfig a = StationLoader.load(setup.stationFiles().get(0));
    StationConfig b = StationLoader.load(setup.stationFiles().get(1));
    assertEquals("STATION-A", a.name());
    assertEquals(4841, b.port());
    // the status pages the README names
    assertEquals(8840, a.statusPage().orElseThrow().port());
    assertEquals(8841, b.statusPage().orElseThrow().port());
    RedundancyConfig ra = a.redundancy().orElseThrow();
    RedundancyConfig rb = b.redundancy().orElseThrow();
    assertTrue(ra.settings().defaultMaster());
    assertFalse(rb.settings().defaultMaster());
    assertEquals("opc.tcp://127.0.0.1:4841", ra.partner().endpointUrl());
    assertEquals(StationFileWriter.applicationUri("STATION-B"), ra.partner().applicationUri());
    assertEquals(1, ra.udpLinks().size());
    assertEquals(runDir.resolve("serial-a").toString(), ra.serialLinks().get(0).port());
  }

  @Test
  void theWebHmiGetsAClientCertificateBothStationsTrustAndTrustsThem() throws Exception {
    DemoSetup setup = DemoSetup.prepare(TestProject.DEMO_PROJECT, runDir, false);
    Path hmi = runDir.resolve("hmi");
    X509Certificate certificate = PkiAdmin.readCertificate(hmi.resolve("hmi.cert.pem"));
    assertEquals(Optional.of(DemoSetup.HMI_URI), CertificateUtil.getSanUri(certificate));
    assertTrue(OwnerOnlyFiles.isOwnerOnly(hmi.resolve("hmi.p12")), "the HMI's private key is owner-only");
    for (String station : List.of("station-a", "station-b")) {
      assertTrue(trusted(runDir.resolve(station).resolve("pki")).contains(certificate), station + " trusts the HMI");
      X509Certificate own = PkiAdmin.readCertificate(runDir.resolve(station).resolve("pki/own/certs/application.pem"));
      assertTrue(trusted(hmi.resolve("pki")).contains(own), "the HMI trusts " + station);
    }
    List<String> args = setup.hmiArgs();
    assertEquals("hmi", args.get(0));
    assertEquals("8080", args.get(args.indexOf("--port") + 1));
    assertEquals(hmi.resolve("hmi.p12").toString(), args.get(args.indexOf("--client-p12") + 1));
    // a second start keeps the certificate (stations trust it already)
    DemoSetup.prepare(TestProject.DEMO_PROJECT, runDir, false);
    assertEquals(certificate, PkiAdmin.readCertificate(hmi.resolve("hmi.cert.pem")));
  }

  private static List<X509Certificate> trusted(Path pki) throws Exception {
    return PkiAdmin.list(pki).stream().filter(e -> e.section() == PkiAdmin.Section.TRUSTED).map(e -> e.certificate()).toList();
  }
}
