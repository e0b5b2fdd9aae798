package io.twinua.server.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectCaTest {

  @TempDir Path dir;

  @Test
  void createsACaAndRefusesToOverwriteIt() throws Exception {
    Path caDir = dir.resolve("ca");
    ProjectCa ca = ProjectCa.create(caDir, "Plant CA");
    X509Certificate certificate = ca.certificate();
    assertTrue(certificate.getBasicConstraints() >= 0, "is a CA");
    assertTrue(certificate.getKeyUsage()[5], "keyCertSign");
    assertTrue(certificate.getSubjectX500Principal().getName().contains("CN=Plant CA"));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(caDir.resolve(ProjectCa.PRIVATE_KEY_FILE))));

    SecurityConfigException e =
        assertThrows(SecurityConfigException.class, () -> ProjectCa.create(caDir, "Other CA"));
    assertTrue(e.getMessage().contains("refusing to overwrite"), e.getMessage());
    assertEquals(certificate, ProjectCa.load(caDir).certificate());
  }

  @Test
  void issuesApplicationCertificatesAsOpcUaPart6Requires() throws Exception {
    ProjectCa ca = ProjectCa.create(dir.resolve("ca"), ProjectCa.DEFAULT_NAME);
    IssuedCertificate issued =
        ca.issue("urn:twinua:station:STATION-A", List.of("station-a", "10.0.0.5"));
    X509Certificate leaf = issued.certificate();

    leaf.verify(ca.certificate().getPublicKey());
    assertEquals(List.of(leaf, ca.certificate()), issued.chain());
    assertEquals("urn:twinua:station:STATION-A", CertificateUtil.getSanUri(leaf).orElseThrow());
    assertEquals(List.of("station-a"), CertificateUtil.getSanDnsNames(leaf));
    assertEquals(List.of("10.0.0.5"), CertificateUtil.getSanIpAddresses(leaf));
    assertEquals(-1, leaf.getBasicConstraints(), "not a CA");
    boolean[] keyUsage = leaf.getKeyUsage();
    assertTrue(keyUsage[0] && keyUsage[1] && keyUsage[2] && keyUsage[3], "KeyUsage");
    assertTrue(leaf.getExtendedKeyUsage().containsAll(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")));
    assertTrue(leaf.getSubjectX500Principal().getName().contains("CN=STATION-A"));
    assertTrue(PemFilesAccess.keysMatch(issued));
  }

  @Test
  void writesAClientBundleWithPkcs12() throws Exception {
    ProjectCa ca = ProjectCa.create(dir.resolve("ca"), ProjectCa.DEFAULT_NAME);
    IssuedCertificate issued = ca.issue("urn:twinua:hmi:panel-1", List.of());
    Path out = dir.resolve("client");
    ClientCertificateBundle bundle = ClientCertificateBundle.write(issued, out, "panel-1");

    for (Path file : bundle.files()) {
      assertTrue(Files.isRegularFile(file), file + " written");
    }
    char[] password = Files.readString(bundle.pkcs12Password()).trim().toCharArray();
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(bundle.pkcs12())) {
      keyStore.load(in, password);
    }
    assertEquals(issued.certificate(), keyStore.getCertificate("panel-1"));
    assertEquals(2, keyStore.getCertificateChain("panel-1").length);
    assertArrayEquals(issued.privateKey().getEncoded(), keyStore.getKey("panel-1", password).getEncoded());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle.privateKeyPem())));

    assertThrows(SecurityConfigException.class, () -> ClientCertificateBundle.write(issued, out, "panel-1"));
  }

  /** Package access to the key check. */
  static final class PemFilesAccess {
    static boolean keysMatch(IssuedCertificate issued) {
      return PemFiles.keysMatch(issued.privateKey(), issued.certificate().getPublicKey());
    }
  }
}
