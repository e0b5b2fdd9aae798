package io.twinua.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Application certificates on SignAndEncrypt endpoints: rejected, trusted, issued by the CA. */
class CertificateTrustTest {

  private static final String STATION_URI = "urn:twinua:station:STATION-A";
  private static final String PASSWORD = "operator-password";
  private static UserDirectory users;

  @TempDir Path dir;

  @BeforeAll
  static void users() {
    users = UserDirectory.empty().addOrReplace("olivia", Role.OPERATOR, PASSWORD.toCharArray());
  }

  private static StationIdentityValidator identities() {
    return new StationIdentityValidator(users, false, Optional.empty());
  }

  @Test
  void untrustedClientIsRefusedAndQuarantinedThenAcceptedOnceTrusted() throws Exception {
    Path pkiDir = dir.resolve("pki");
    TestClients.ClientApp client = TestClients.selfSigned("urn:twinua:test:untrusted-hmi");
    try (SecurityTestServer station = SecurityTestServer.start(pkiDir, STATION_URI, identities(), false, false)) {
      UaException refused =
          assertThrows(
              UaException.class,
              () ->
                  TestClients.connect(
                      station.endpointUrl,
                      SecurityPolicy.Basic256Sha256,
                      MessageSecurityMode.SignAndEncrypt,
                      client,
                      new UsernameProvider("olivia", PASSWORD),
                      station.pki.certificate()));
      assertEquals(StatusCodes.Bad_SecurityChecksFailed, refused.getStatusCode().value(), refused.toString());

      PkiLayout layout = new PkiLayout(pkiDir);
      Path rejectedFile;
      try (Stream<Path> files = Files.list(layout.rejectedCertsDir())) {
        rejectedFile = files.findFirst().orElseThrow(() -> new AssertionError("nothing in rejected/certs"));
      }
      assertEquals(client.chain()[0], PemFiles.readCertificates(rejectedFile).get(0));

      // what 'twinua certs trust --pki pki --cert rejected/certs/<file>' does, while the station runs
      PkiAdmin.trust(pkiDir, rejectedFile);
      Await.until(
          Duration.ofSeconds(10),
          "trust list watcher to pick up the certificate",
          () -> station.pki.trustListManager().getTrustedCertificates().contains(client.chain()[0]));
      assertFalse(Files.exists(rejectedFile), "removed from rejected/certs");

      OpcUaClient connected =
          TestClients.connect(
              station.endpointUrl,
              SecurityPolicy.Basic256Sha256,
              MessageSecurityMode.SignAndEncrypt,
              client,
              new UsernameProvider("olivia", PASSWORD),
              station.pki.certificate());
      try {
        assertNotNull(TestClients.readServerState(connected).getValue().getValue());
      } finally {
        connected.disconnect();
      }
    }
  }

  @Test
  void clientIssuedByTheProjectCaConnectsOnEverySecurityPolicyWithoutBeingTrustedItself() throws Exception {
    ProjectCa ca = ProjectCa.create(dir.resolve("ca"), ProjectCa.DEFAULT_NAME);
    Path pkiDir = dir.resolve("pki");
    PkiAdmin.installStationCertificate(
        ca, pkiDir, STATION_URI, List.of("127.0.0.1", "localhost"), Duration.ofDays(365));
    String clientUri = "urn:twinua:hmi:panel-1";
    TestClients.ClientApp client = TestClients.ClientApp.of(clientUri, ca.issue(clientUri, List.of("localhost")));

    try (SecurityTestServer station = SecurityTestServer.start(pkiDir, STATION_URI, identities(), false, false)) {
      // the station trusts only the CA, not the client certificate
      assertEquals(List.of(ca.certificate()), station.pki.trustListManager().getTrustedCertificates());

      for (SecurityPolicy policy : StationEndpoints.SECURE_POLICIES) {
        OpcUaClient connected =
            TestClients.connect(
                station.endpointUrl,
                policy,
                MessageSecurityMode.SignAndEncrypt,
                client,
                new UsernameProvider("olivia", PASSWORD),
                ca.certificate()); // the client, too, trusts the station through the CA
        try {
          assertNotNull(TestClients.readServerState(connected).getValue().getValue(), policy.toString());
          var session = station.session(connected.getSession().getSessionId()).orElseThrow();
          assertEquals(Optional.of(Role.OPERATOR), StationRoles.of(session), policy.toString());
        } finally {
          connected.disconnect();
        }
      }
      try (Stream<Path> rejected = Files.list(new PkiLayout(pkiDir).rejectedCertsDir())) {
        assertEquals(0, rejected.count(), "nothing rejected");
      }
    }
  }

  @Test
  void clientOfAnotherCaIsRefused() throws Exception {
    ProjectCa ca = ProjectCa.create(dir.resolve("ca"), ProjectCa.DEFAULT_NAME);
    ProjectCa foreign = ProjectCa.create(dir.resolve("foreign-ca"), "Foreign CA");
    Path pkiDir = dir.resolve("pki");
    PkiAdmin.installStationCertificate(ca, pkiDir, STATION_URI, List.of("127.0.0.1"), Duration.ofDays(365));
    String clientUri = "urn:other:hmi";
    TestClients.ClientApp client = TestClients.ClientApp.of(clientUri, foreign.issue(clientUri, List.of()));

    try (SecurityTestServer station = SecurityTestServer.start(pkiDir, STATION_URI, identities(), false, false)) {
      UaException refused =
          assertThrows(
              UaException.class,
              () ->
                  TestClients.connect(
                      station.endpointUrl,
                      SecurityPolicy.Aes256_Sha256_RsaPss,
                      MessageSecurityMode.SignAndEncrypt,
                      client,
                      new UsernameProvider("olivia", PASSWORD),
                      ca.certificate()));
      assertEquals(StatusCodes.Bad_SecurityChecksFailed, refused.getStatusCode().value(), refused.toString());
    }
  }

  @Test
  void revokedClientIsRefusedOnceTheCrlReachesTheStation() throws Exception {
    ProjectCa ca = ProjectCa.create(dir.resolve("ca"), ProjectCa.DEFAULT_NAME);
    Path pkiDir = dir.resolve("pki");
    PkiAdmin.installStationCertificate(ca, pkiDir, STATION_URI, List.of("127.0.0.1"), Duration.ofDays(365));
    String goodUri = "urn:twinua:hmi:good";
    String lostUri = "urn:twinua:hmi:lost";
    TestClients.ClientApp good = TestClients.ClientApp.of(goodUri, ca.issue(goodUri, List.of()));
    TestClients.ClientApp lost = TestClients.ClientApp.of(lostUri, ca.issue(lostUri, List.of()));

    try (SecurityTestServer station = SecurityTestServer.start(pkiDir, STATION_URI, identities(), false, false)) {
      connectAndDisconnect(station, lost, ca);

      var crl = ca.revoke(lost.chain()[0]);
      PkiAdmin.installCrl(pkiDir, crl);
      Await.until(
          Duration.ofSeconds(10),
          "trust list watcher to pick up the CRL",
          () -> station.pki.trustListManager().getTrustedCrls().contains(crl));

      UaException refused = assertThrows(UaException.class, () -> connectAndDisconnect(station, lost, ca));
      assertEquals(StatusCodes.Bad_SecurityChecksFailed, refused.getStatusCode().value(), refused.toString());
      connectAndDisconnect(station, good, ca);
    }
  }

  private static void connectAndDisconnect(SecurityTestServer station, TestClients.ClientApp app, ProjectCa ca)
      throws Exception {
    OpcUaClient client =
        TestClients.connect(
            station.endpointUrl,
            SecurityPolicy.Basic256Sha256,
            MessageSecurityMode.SignAndEncrypt,
            app,
            new UsernameProvider("olivia", PASSWORD),
            ca.certificate());
    client.disconnect();
  }
}
