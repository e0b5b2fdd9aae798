package io.twinua.tools.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.security.PkiAdmin;
import io.twinua.server.security.PkiLayout;
import io.twinua.server.security.ProjectCa;
import io.twinua.server.security.Role;
import io.twinua.server.security.StationPki;
import io.twinua.server.security.UserDirectory;
import io.twinua.tools.Twinua;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI as an operator uses it, through the {@code twinua} root command. */
class CertsAndUsersCommandTest {

  @TempDir Path dir;

  private record Result(int exitCode, String out, String err) {}

  private Result twinuaWithStdin(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> type) throws Exception {
            if (type == UsersCommand.class) {
              return type.cast(
                  new UsersCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), false));
            }
            return CommandLine.defaultFactory().create(type);
          }
        };
    CommandLine cli = new CommandLine(new Twinua(), factory);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private Result twinua(String... args) {
    return twinuaWithStdin("", args);
  }

  @Test
  void caStationClientTrustRevokeAndList() throws Exception {
    Path ca = dir.resolve("ca");
    Path pki = dir.resolve("station-a/pki");
    Path client = dir.resolve("hmi");

    Result created = twinua("certs", "ca", "--dir", ca.toString(), "--name", "Plant CA");
    assertEquals(0, created.exitCode(), created.err());
    assertTrue(Files.isRegularFile(ca.resolve(ProjectCa.CERTIFICATE_FILE)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.resolve(ProjectCa.PRIVATE_KEY_FILE))));

    Result again = twinua("certs", "ca", "--dir", ca.toString());
    assertEquals(1, again.exitCode());
    assertTrue(again.err().contains("refusing to overwrite"), again.err());

    Result station =
        twinua("certs", "station", "--ca", ca.toString(), "--pki", pki.toString(),
            "--uri", "urn:twinua:station:STATION-A", "--host", "127.0.0.1", "--host", "station-a");
    assertEquals(0, station.exitCode(), station.err());
    // the station opens the issued certificate and trusts the CA
    try (StationPki opened = StationPki.open(pki, "urn:twinua:station:STATION-A", List.of("127.0.0.1", "station-a"))) {
      assertEquals(ProjectCa.load(ca).certificate(), opened.certificateChain()[1]);
      assertEquals(List.of("station-a"), CertificateUtil.getSanDnsNames(opened.certificate()));
      assertTrue(opened.trustListManager().getTrustedCertificates().contains(ProjectCa.load(ca).certificate()));
      assertTrue(opened.trustListManager().getIssuerCertificates().contains(ProjectCa.load(ca).certificate()));
    }

    Result issued =
        twinua("certs", "client", "--ca", ca.toString(), "--uri", "urn:twinua:hmi:panel-1",
            "--out", client.toString(), "--name", "panel-1");
    assertEquals(0, issued.exitCode(), issued.err());
    for (String suffix : List.of(".cert.pem", ".cert.der", ".key.pem", ".p12", ".p12.password")) {
      assertTrue(Files.isRegularFile(client.resolve("panel-1" + suffix)), suffix);
    }

    Result trusted =
        twinua("certs", "trust", "--pki", pki.toString(), "--cert", client.resolve("panel-1.cert.der").toString());
    assertEquals(0, trusted.exitCode(), trusted.err());
    try (Stream<Path> files = Files.list(new PkiLayout(pki).trustedCertsDir())) {
      assertEquals(2, files.count(), "CA + the explicitly trusted client");
    }

    Result revoked =
        twinua("certs", "revoke", "--ca", ca.toString(), "--cert", client.resolve("panel-1.cert.pem").toString(),
            "--pki", pki.toString());
    assertEquals(0, revoked.exitCode(), revoked.err());
    assertTrue(Files.isRegularFile(ca.resolve(ProjectCa.CRL_FILE)));
    try (Stream<Path> files = Files.list(new PkiLayout(pki).trustedCrlDir())) {
      assertEquals(1, files.count());
    }

    Result list = twinua("certs", "list", "--pki", pki.toString());
    assertEquals(0, list.exitCode(), list.err());
    assertTrue(list.out().contains("own:"), list.out());
    assertTrue(list.out().contains("urn:twinua:station:STATION-A"), list.out());
    assertTrue(list.out().contains("trusted:"), list.out());
    assertTrue(list.out().contains("CN=Plant CA"), list.out());
    assertTrue(list.out().contains("rejected:\n  (none)"), list.out());
    assertEquals(4, PkiAdmin.list(pki).size(), "own + CA in trusted + client in trusted + CA in issuer");
  }

  @Test
  void badInputGivesAClearErrorAndExitCode() {
    Result noCa =
        twinua("certs", "station", "--ca", dir.resolve("nowhere").toString(), "--pki", dir.resolve("pki").toString(),
            "--uri", "urn:x:y", "--host", "localhost");
    assertEquals(1, noCa.exitCode());
    assertTrue(noCa.err().contains("ca.cert.pem"), noCa.err());

    Result missingOption = twinua("certs", "station", "--pki", dir.resolve("pki").toString());
    assertEquals(2, missingOption.exitCode());
  }

  @Test
  void usersAddReadsThePasswordFromStdinAndWritesAnOwnerOnlyFile() throws Exception {
    Path file = dir.resolve("project/users.yaml");
    Result added = twinuaWithStdin("alice-password\n", "users", "add", "--file", file.toString(), "--name", "alice", "--role", "operator");
    assertEquals(0, added.exitCode(), added.err());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertFalse(Files.readString(file).contains("alice-password"));
    assertEquals(
        Optional.of(Role.OPERATOR), UserDirectory.load(file).authenticate("alice", "alice-password".toCharArray()));

    Result replaced = twinuaWithStdin("new-password\r\n", "users", "add", "--file", file.toString(), "--name", "alice", "--role", "ENGINEER");
    assertEquals(0, replaced.exitCode(), replaced.err());
    assertTrue(replaced.out().contains("updated"), replaced.out());
    assertEquals(Optional.of(Role.ENGINEER), UserDirectory.load(file).authenticate("alice", "new-password".toCharArray()));

    Result badRole = twinuaWithStdin("some-password\n", "users", "add", "--file", file.toString(), "--name", "bob", "--role", "admin");
    assertEquals(1, badRole.exitCode());
    assertTrue(badRole.err().contains("unknown role 'admin'"), badRole.err());

    Result partner = twinuaWithStdin("some-password\n", "users", "add", "--file", file.toString(), "--name", "bob", "--role", "partner");
    assertEquals(1, partner.exitCode());
    assertTrue(partner.err().contains("reserved"), partner.err());

    Result shortPassword = twinuaWithStdin("short\n", "users", "add", "--file", file.toString(), "--name", "bob", "--role", "viewer");
    assertEquals(1, shortPassword.exitCode());
    assertTrue(shortPassword.err().contains("at least 8"), shortPassword.err());

    Result noPassword = twinuaWithStdin("", "users", "add", "--file", file.toString(), "--name", "bob", "--role", "viewer");
    assertEquals(1, noPassword.exitCode());

    Result list = twinua("users", "list", "--file", file.toString());
    assertEquals(0, list.exitCode(), list.err());
    assertTrue(list.out().contains("alice") && list.out().contains("engineer"), list.out());
    assertFalse(list.out().contains("bob"), list.out());

    Result removed = twinua("users", "remove", "--file", file.toString(), "--name", "alice");
    assertEquals(0, removed.exitCode(), removed.err());
    assertEquals(0, UserDirectory.load(file).size());
  }

  @Test
  void usersFileErrorsNameTheEntry() throws Exception {
    Path file = dir.resolve("users.yaml");
    Files.writeString(file, "users:\n  - {name: carol, role: viewer, password: plain-text-secret}\n");
    Result result = twinuaWithStdin("x-password\n", "users", "add", "--file", file.toString(), "--name", "dave", "--role", "viewer");
    assertEquals(1, result.exitCode());
    assertTrue(result.err().contains("users[0] (carol)"), result.err());
    assertFalse(result.err().contains("plain-text-secret"), result.err());
  }
}
