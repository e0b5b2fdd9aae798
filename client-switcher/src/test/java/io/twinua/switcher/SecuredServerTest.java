package io.twinua.switcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.switcher.discovery.ClientCertificate;
import io.twinua.switcher.discovery.ServerAccess;
import io.twinua.switcher.discovery.ServerAccessTest;
import io.twinua.switcher.discovery.ServerTrust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-server security: a user login over Basic256Sha256 SignAndEncrypt, server trust from a PKI directory. */
class SecuredServerTest {

  static final String URI = "urn:twinua:test:secured";

  @TempDir
  Path pki;
  private ClientCertificate clientCertificate;
  private RedundantTestServer server;
  private RedundantClient client;

  @BeforeEach
  void start() throws Exception {
    clientCertificate = ServerAccessTest.certificate();
    server = RedundantTestServer.start(URI, List.of(URI),
        RedundantTestServer.Security.create(URI, clientCertificate.certificate(), "operator", "s3cret"));
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  private SwitcherConfig config(ServerTrust trust) {
    return SwitcherConfig.create(b -> b.url(server.url).trust(trust)
        .access(URI, ServerAccess.anonymousInsecure().withUser("operator", "s3cret")
            .withSecurity(clientCertificate, SecurityPolicy.Basic256Sha256)));
  }

  @Test
  void aTrustedServerGetsAnEncryptedUserSession() throws Exception {
    Files.createDirectories(pki.resolve("trusted/certs"));
    Files.write(pki.resolve("trusted/certs/server.der"), server.certificate().getEncoded());
    try (ServerTrust trust = ServerTrust.pkiDirectory(pki)) {
      client = RedundantClient.create(config(trust));
      assertEquals(URI, client.start(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS));

      List<String> logins = server.sessionLogins();
      assertEquals(1, logins.size(), logins.toString());
      assertTrue(logins.get(0).contains("Basic256Sha256") && logins.get(0).contains("operator"), logins.toString());
    }
  }

  @Test
  void anUntrustedServerIsRefusedAndItsCertificateRejected() throws Exception {
    try (ServerTrust trust = ServerTrust.pkiDirectory(pki)) {
      client = RedundantClient.create(config(trust));
      assertThrows(ExecutionException.class, () -> client.start(Duration.ofSeconds(3)).get(10, TimeUnit.SECONDS));
      assertEquals(0, server.sessionCount());
      // the client met the certificate within start()'s 3 s only on an idle machine; it keeps trying
      Recorder.await(() -> hasRejectedFile(pki.resolve("rejected")), Duration.ofSeconds(30),
          "the server certificate waits in rejected/ for an operator");
    }
  }

  private static boolean hasRejectedFile(Path rejected) {
    if (!Files.isDirectory(rejected)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(rejected)) {
      return files.anyMatch(Files::isRegularFile);
    } catch (java.io.IOException e) {
      return false; // written meanwhile: asked again on the next round
    }
  }
}
