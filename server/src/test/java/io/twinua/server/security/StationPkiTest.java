package io.twinua.server.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StationPkiTest {

  private static final String URI = "urn:twinua:station:STATION-A";

  @TempDir Path dir;

  @Test
  void createsSelfSignedCertificateOnFirstOpenAndReusesItOnTheSecond() throws Exception {
    Path pkiDir = dir.resolve("pki");
    String firstThumbprint;
    try (StationPki pki = StationPki.open(pkiDir, URI, List.of("127.0.0.1", "station-a.plant"))) {
      X509Certificate certificate = pki.certificate();
      firstThumbprint = Thumbprints.sha256(certificate);
      assertEquals(URI, CertificateUtil.getSanUri(certificate).orElseThrow());
      assertEquals(List.of("station-a.plant"), CertificateUtil.getSanDnsNames(certificate));
      assertEquals(List.of("127.0.0.1"), CertificateUtil.getSanIpAddresses(certificate));
      assertEquals(2048, ((java.security.interfaces.RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength());
      assertEquals("SHA256withRSA", certificate.getSigAlgName());
      assertEquals(certificate.getPublicKey(), pki.keyPair().getPublic());
      assertEquals(1, pki.certificateChain().length);
      // the certificate manager finds the key by thumbprint, as Milo's transport does
      assertTrue(pki.certificateManager().getKeyPair(CertificateUtil.thumbprint(certificate)).isPresent());
    }

    PkiLayout layout = new PkiLayout(pkiDir);
    for (Path folder :
        List.of(
            layout.trustedCertsDir(),
            layout.trustedCrlDir(),
            layout.issuerCertsDir(),
            layout.issuerCrlDir(),
            layout.rejectedCertsDir())) {
      assertTrue(Files.isDirectory(folder), folder + " exists");
    }
    assertTrue(Files.isRegularFile(layout.ownCertificateFile()));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.ownPrivateKeyFile())));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.ownPrivateDir())));

    try (StationPki again = StationPki.open(pkiDir, URI, List.of("127.0.0.1", "station-a.plant"))) {
      assertEquals(firstThumbprint, Thumbprints.sha256(again.certificate()));
    }
  }

  @Test
  void refusesACertificateIssuedForAnotherApplicationUri() throws Exception {
    Path pkiDir = dir.resolve("pki");
    StationPki.open(pkiDir, URI, List.of("127.0.0.1")).close();

    SecurityConfigException e =
        assertThrows(
            SecurityConfigException.class,
            () -> StationPki.open(pkiDir, "urn:twinua:station:STATION-B", List.of("127.0.0.1")));
    assertTrue(e.getMessage().contains(URI), e.getMessage());
    assertTrue(e.getMessage().contains("urn:twinua:station:STATION-B"), e.getMessage());
    assertTrue(e.getMessage().contains("application.pem"), e.getMessage());
  }

  @Test
  void loadsACertificateIssuedByTheProjectCaWithItsChain() throws Exception {
    ProjectCa ca = ProjectCa.create(dir.resolve("ca"), "Test CA");
    Path pkiDir = dir.resolve("pki");
    PkiAdmin.installStationCertificate(ca, pkiDir, URI, List.of("127.0.0.1"), Duration.ofDays(30));

    try (StationPki pki = StationPki.open(pkiDir, URI, List.of("127.0.0.1"))) {
      X509Certificate[] chain = pki.certificateChain();
      assertEquals(2, chain.length);
      assertEquals(ca.certificate(), chain[1]);
      chain[0].verify(ca.certificate().getPublicKey());
      // the CA is trusted, so every certificate of the project is
      assertTrue(pki.trustListManager().getTrustedCertificates().contains(ca.certificate()));
      assertTrue(pki.trustListManager().getIssuerCertificates().contains(ca.certificate()));
    }
  }

  @Test
  void reportsAMissingKeyInsteadOfReplacingTheCertificate() throws Exception {
    Path pkiDir = dir.resolve("pki");
    StationPki.open(pkiDir, URI, List.of("127.0.0.1")).close();
    PkiLayout layout = new PkiLayout(pkiDir);
    byte[] before = Files.readAllBytes(layout.ownCertificateFile());
    Files.delete(layout.ownPrivateKeyFile());

    SecurityConfigException e =
        assertThrows(SecurityConfigException.class, () -> StationPki.open(pkiDir, URI, List.of("127.0.0.1")));
    assertTrue(e.getMessage().contains("application.key.pem"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(layout.ownCertificateFile()));
  }

  @Test
  void refusesAKeyThatDoesNotBelongToTheCertificate() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    StationPki.open(a, URI, List.of("127.0.0.1")).close();
    StationPki.open(b, URI, List.of("127.0.0.1")).close();
    Files.copy(
        new PkiLayout(b).ownPrivateKeyFile(),
        new PkiLayout(a).ownPrivateKeyFile(),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    SecurityConfigException e =
        assertThrows(SecurityConfigException.class, () -> StationPki.open(a, URI, List.of("127.0.0.1")));
    assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
  }

  @Test
  void closeStopsTheTrustListWatcher() throws Exception {
    java.util.Set<Thread> before = watcherThreads();
    StationPki pki = StationPki.open(dir.resolve("pki"), URI, List.of("127.0.0.1"));
    Thread watcher =
        watcherThreads().stream()
            .filter(t -> !before.contains(t))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no watcher thread running"));
    pki.close();
    watcher.join(5000);
    assertFalse(watcher.isAlive(), "watcher thread stopped");
  }

  private static java.util.Set<Thread> watcherThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("milo-trust-list-watcher") && t.isAlive())
        .collect(java.util.stream.Collectors.toSet());
  }

  @Test
  void rejectsBadHostNamesAndUris() {
    assertThrows(
        SecurityConfigException.class,
        () -> StationPki.open(dir.resolve("p1"), URI, List.of("not a host")));
    assertThrows(
        SecurityConfigException.class, () -> StationPki.open(dir.resolve("p2"), "", List.of("localhost")));
    assertThrows(
        SecurityConfigException.class, () -> StationPki.open(dir.resolve("p3"), URI, List.of()));
  }
}
