package io.twinua.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.config.LoginThrottleSettings;
import io.twinua.server.config.SecuritySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.SignedIdentityToken;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.identity.X509IdentityProvider;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.SignatureData;
import org.eclipse.milo.opcua.stack.core.types.structured.UserNameIdentityToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logins against a real station: username/password, anonymous, the partner certificate, and the
 * guard against passwords in clear. One CA-based station setup is shared; each test starts its
 * own server with the identity rules it needs.
 */
class LoginTest {

  private static final String STATION_URI = "urn:twinua:station:STATION-A";
  private static final String HMI_URI = "urn:twinua:hmi:panel-1";
  private static final String PARTNER_URI = "urn:twinua:station:STATION-B";
  private static final String OLIVIA_PASSWORD = "olivia-password";

  @TempDir static Path dir;

  private static ProjectCa ca;
  private static UserDirectory users;
  private static TestClients.ClientApp hmi;
  private static TestClients.ClientApp partner;
  private static TestClients.ClientApp otherStation;
  private static StationPki pki;

  @BeforeAll
  static void setUp() throws Exception {
    ca = ProjectCa.create(dir.resolve("ca"), ProjectCa.DEFAULT_NAME);
    PkiAdmin.installStationCertificate(
        ca, dir.resolve("pki"), STATION_URI, List.of("127.0.0.1"), CertificateIssuer.DEFAULT_APPLICATION_VALIDITY);
    pki = StationPki.open(dir.resolve("pki"), STATION_URI, List.of("127.0.0.1"));
    users =
        UserDirectory.empty()
            .addOrReplace("olivia", Role.OPERATOR, OLIVIA_PASSWORD.toCharArray())
            .addOrReplace("erik", Role.ENGINEER, "erik-password".toCharArray());
    hmi = TestClients.ClientApp.of(HMI_URI, ca.issue(HMI_URI, List.of()));
    partner = TestClients.ClientApp.of(PARTNER_URI, ca.issue(PARTNER_URI, List.of("127.0.0.1")));
    otherStation = TestClients.ClientApp.of("urn:twinua:station:STATION-C", ca.issue("urn:twinua:station:STATION-C", List.of()));
  }

  @AfterAll
  static void tearDown() {
    pki.close();
  }

  private static SecurityTestServer station(boolean allowAnonymous, boolean allowNone, boolean advertiseAnonymous)
      throws Exception {
    return station(new SecuritySettings(allowNone, allowAnonymous), advertiseAnonymous, detail -> {});
  }

  private static SecurityTestServer station(SecuritySettings security, boolean advertiseAnonymous,
      Consumer<String> repeatedFailures) throws Exception {
    return SecurityTestServer.start(
        pki,
        new StationIdentityValidator(() -> users, security, Optional.of(PartnerCertificate.of(partner.chain()[0])),
            repeatedFailures),
        security.allowSecurityPolicyNone(),
        advertiseAnonymous);
  }

  private static OpcUaClient secure(SecurityTestServer station, TestClients.ClientApp app, IdentityProvider identity)
      throws Exception {
    return TestClients.connect(
        station.endpointUrl,
        SecurityPolicy.Aes128_Sha256_RsaOaep,
        MessageSecurityMode.SignAndEncrypt,
        app,
        identity,
        ca.certificate());
  }

  private static OpcUaClient unsecured(SecurityTestServer station, IdentityProvider identity) throws Exception {
    return TestClients.connect(
        station.endpointUrl,
        SecurityPolicy.None,
        MessageSecurityMode.None,
        new TestClients.ClientApp(HMI_URI, null, null),
        identity,
        pki.certificate());
  }

  private static Session serverSession(SecurityTestServer station, OpcUaClient client) throws Exception {
    return station.session(client.getSession().getSessionId()).orElseThrow();
  }

  @Test
  void rightPasswordGivesTheUsersRoleAndWrongPasswordIsRefused() throws Exception {
    try (SecurityTestServer station = station(false, false, false)) {
      OpcUaClient olivia = secure(station, hmi, new UsernameProvider("olivia", OLIVIA_PASSWORD));
      try {
        assertNotNull(TestClients.readServerState(olivia).getValue().getValue());
        Session session = serverSession(station, olivia);
        assertEquals(Optional.of(Role.OPERATOR), StationRoles.of(session));
        assertTrue(StationRoles.permits(session, Role::canWrite));
        assertFalse(StationRoles.permits(session, Role::canControlRedundancy));
        assertTrue(
            session.getRoleIds().orElseThrow().containsAll(
                List.of(NodeIds.WellKnownRole_AuthenticatedUser, NodeIds.WellKnownRole_Operator)));
      } finally {
        olivia.disconnect();
      }

      OpcUaClient erik = secure(station, hmi, new UsernameProvider("erik", "erik-password"));
      try {
        assertEquals(Optional.of(Role.ENGINEER), StationRoles.of(serverSession(station, erik)));
      } finally {
        erik.disconnect();
      }

      UaException wrong =
          assertThrows(UaException.class, () -> secure(station, hmi, new UsernameProvider("olivia", "guess-password")));
      assertEquals(StatusCodes.Bad_UserAccessDenied, wrong.getStatusCode().value(), wrong.toString());
      UaException unknown =
          assertThrows(UaException.class, () -> secure(station, hmi, new UsernameProvider("mallory", OLIVIA_PASSWORD)));
      assertEquals(StatusCodes.Bad_UserAccessDenied, unknown.getStatusCode().value(), unknown.toString());
      // refused clients leave only never-activated sessions behind (Milo times them out): no rights
      assertTrue(
          station.server.getSessionManager().getAllSessions().stream()
              .noneMatch(s -> StationRoles.of(s).isPresent()));
    }
  }

  @Test
  void anonymousIsRefusedUnlessTheProjectAllowsItAndThenOnlyViews() throws Exception {
    // endpoints advertise anonymous, but the validator must still refuse it
    try (SecurityTestServer station = station(false, false, true)) {
      UaException refused = assertThrows(UaException.class, () -> secure(station, hmi, new AnonymousProvider()));
      assertEquals(StatusCodes.Bad_IdentityTokenRejected, refused.getStatusCode().value(), refused.toString());
    }
    // the normal configuration does not even offer anonymous
    try (SecurityTestServer station = station(false, false, false)) {
      assertTrue(
          station.endpoints().stream()
              .flatMap(e -> Arrays.stream(e.getUserIdentityTokens()))
              .noneMatch(p -> p.getTokenType() == UserTokenType.Anonymous));
    }
    try (SecurityTestServer station = station(true, false, true)) {
      OpcUaClient viewer = secure(station, hmi, new AnonymousProvider());
      try {
        Session session = serverSession(station, viewer);
        assertEquals(Optional.of(Role.VIEWER), StationRoles.of(session));
        assertFalse(StationRoles.permits(session, Role::canWrite));
        assertTrue(session.getRoleIds().orElseThrow().contains(NodeIds.WellKnownRole_Anonymous));
      } finally {
        viewer.disconnect();
      }
    }
  }

  @Test
  void onTheNoneEndpointUsernamesAreRefusedUnlessTheProjectAllowsThem() throws Exception {
    try (SecurityTestServer station = station(true, true, true)) {
      assertFalse(SecuritySettings.SECURE.allowUserNameOnSecurityPolicyNone(), "the product default");
      UaException refused =
          assertThrows(UaException.class, () -> unsecured(station, new UsernameProvider("olivia", OLIVIA_PASSWORD)));
      assertEquals(StatusCodes.Bad_IdentityTokenRejected, refused.getStatusCode().value(), refused.toString());
    }
  }

  @Test
  void repeatedWrongPasswordsMakeTheUserWaitAndAreReported() throws Exception {
    LoginThrottleSettings throttle = LoginThrottleSettings.DEFAULT;
    List<String> reports = new CopyOnWriteArrayList<>();
    try (SecurityTestServer station = station(SecuritySettings.SECURE, false, reports::add)) {
      for (int i = 0; i < throttle.userFailures(); i++) {
        UaException wrong =
            assertThrows(UaException.class, () -> secure(station, hmi, new UsernameProvider("olivia", "guess")));
        assertEquals(StatusCodes.Bad_UserAccessDenied, wrong.getStatusCode().value(), wrong.toString());
      }
      // within the wait even the right password is refused: a guesser cannot tell
      UaException waiting =
          assertThrows(UaException.class, () -> secure(station, hmi, new UsernameProvider("olivia", OLIVIA_PASSWORD)));
      assertEquals(StatusCodes.Bad_UserAccessDenied, waiting.getStatusCode().value(), waiting.toString());
      assertTrue(reports.stream().anyMatch(r -> r.startsWith("user 'olivia': " + throttle.userFailures() + " failed")),
          "reported: " + reports);
      // another user on the same client is not held up by olivia's failures
      secure(station, hmi, new UsernameProvider("erik", "erik-password")).disconnect();
      // after the wait the right password works again
      long deadline = System.nanoTime() + Duration.ofMillis(throttle.delayMs() * 5L).toNanos();
      OpcUaClient olivia = null;
      while (olivia == null) {
        try {
          olivia = secure(station, hmi, new UsernameProvider("olivia", OLIVIA_PASSWORD));
        } catch (UaException e) {
          assertTrue(System.nanoTime() < deadline, "still refused after " + Duration.ofMillis(throttle.delayMs() * 5L));
          Thread.sleep(100); // poll interval while the wait runs out, bounded by the deadline
        }
      }
      olivia.disconnect();
    }
  }

  @Test
  void onTheNoneEndpointPasswordsTravelOnlyEncryptedAndRightsStayReadOnly() throws Exception {
    try (SecurityTestServer station = station(
        new SecuritySettings(true, true, true, LoginThrottleSettings.DEFAULT), true, detail -> {})) {
      // Milo's UsernameProvider encrypts the token with the server certificate (token policy
      // Basic256Sha256): the login works, but an unsecured channel never gets more than VIEWER
      OpcUaClient olivia = unsecured(station, new UsernameProvider("olivia", OLIVIA_PASSWORD));
      try {
        Session session = serverSession(station, olivia);
        assertEquals(MessageSecurityMode.None, session.getSecurityConfiguration().getSecurityMode());
        assertEquals(Optional.of(Role.VIEWER), StationRoles.of(session));
        assertFalse(session.getRoleIds().orElseThrow().contains(NodeIds.WellKnownRole_Operator));
      } finally {
        olivia.disconnect();
      }

      // a client that sends the password in clear (no encryption algorithm) is refused, even
      // with the right password: Milo 1.1.2 alone would accept it
      IdentityProvider clearText =
          (endpoint, nonce) ->
              new SignedIdentityToken(
                  new UserNameIdentityToken(
                      "username", "olivia", ByteString.of(OLIVIA_PASSWORD.getBytes(StandardCharsets.UTF_8)), null),
                  new SignatureData(null, null));
      UaException refused = assertThrows(UaException.class, () -> unsecured(station, clearText));
      assertEquals(StatusCodes.Bad_IdentityTokenRejected, refused.getStatusCode().value(), refused.toString());

      // the None endpoint offers no certificate login, and its username policy demands encryption
      var none =
          station.endpoints().stream()
              .filter(e -> e.getSecurityMode() == MessageSecurityMode.None)
              .findFirst()
              .orElseThrow();
      assertTrue(Arrays.stream(none.getUserIdentityTokens()).noneMatch(p -> p.getTokenType() == UserTokenType.Certificate));
      assertTrue(
          Arrays.stream(none.getUserIdentityTokens())
              .filter(p -> p.getTokenType() == UserTokenType.UserName)
              .allMatch(p -> SecurityPolicy.Basic256Sha256.getUri().equals(p.getSecurityPolicyUri())));
    }
  }

  @Test
  void partnerCertificateLoginOnlyForThePartnerOnItsOwnChannel() throws Exception {
    try (SecurityTestServer station = station(false, false, false)) {
      OpcUaClient partnerClient =
          secure(station, partner, new X509IdentityProvider(partner.chain()[0], partner.keyPair().getPrivate()));
      try {
        Session session = serverSession(station, partnerClient);
        assertEquals(Optional.of(Role.PARTNER), StationRoles.of(session));
        assertTrue(StationRoles.permits(session, Role::canSynchronise));
        assertFalse(StationRoles.permits(session, Role::canWrite));
        assertTrue(session.getRoleIds().orElseThrow().contains(StationRoleMapper.PARTNER_ROLE_ID));
      } finally {
        partnerClient.disconnect();
      }

      // another station of the same project (trusted CA) is not the partner
      UaException other =
          assertThrows(
              UaException.class,
              () -> secure(station, otherStation,
                  new X509IdentityProvider(otherStation.chain()[0], otherStation.keyPair().getPrivate())));
      assertEquals(StatusCodes.Bad_IdentityTokenRejected, other.getStatusCode().value(), other.toString());

      // the partner's certificate presented on someone else's channel is refused
      UaException borrowed =
          assertThrows(
              UaException.class,
              () -> secure(station, hmi, new X509IdentityProvider(partner.chain()[0], partner.keyPair().getPrivate())));
      assertEquals(StatusCodes.Bad_IdentityTokenRejected, borrowed.getStatusCode().value(), borrowed.toString());
    }

    // no partner configured: certificate login is refused outright
    try (SecurityTestServer station =
        SecurityTestServer.start(pki, new StationIdentityValidator(users, false, Optional.empty()), false, false)) {
      UaException refused =
          assertThrows(
              UaException.class,
              () -> secure(station, partner, new X509IdentityProvider(partner.chain()[0], partner.keyPair().getPrivate())));
      assertEquals(StatusCodes.Bad_IdentityTokenRejected, refused.getStatusCode().value(), refused.toString());
    }
  }

  @Test
  void noSessionOrForeignIdentityMeansNoRights() {
    assertEquals(Optional.empty(), StationRoles.of((Session) null));
    assertEquals(Optional.empty(), StationRoles.of(org.eclipse.milo.opcua.sdk.server.AccessContext.INTERNAL));
    assertFalse(StationRoles.permits(org.eclipse.milo.opcua.sdk.server.AccessContext.INTERNAL, Role::canRead));
    UaException denied =
        assertThrows(
            UaException.class,
            () -> StationRoles.require(org.eclipse.milo.opcua.sdk.server.AccessContext.INTERNAL, Role::canRead));
    assertEquals(StatusCodes.Bad_UserAccessDenied, denied.getStatusCode().value());
    assertEquals(List.of(), new StationRoleMapper().getRoleIds(new org.eclipse.milo.opcua.sdk.server.identity.DefaultAnonymousIdentity()));
  }
}
