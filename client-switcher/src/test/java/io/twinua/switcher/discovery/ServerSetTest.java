package io.twinua.switcher.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.switcher.TestServers;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.RedundancySupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServerSetTest {

  private TestServers servers;
  private final ServerTrust trust = ServerTrust.trustEveryServer();
  private final Connector connector =
      new Connector(Connector.Settings.defaults(), uri -> ServerAccess.anonymousInsecure(), trust);

  @BeforeEach
  void start() throws Exception {
    servers = TestServers.startPair();
  }

  @AfterEach
  void stop() throws Exception {
    servers.close();
    trust.close();
  }

  @Test
  void twoUrlsGiveTheSetInServerUriArrayOrder() throws Exception {
    ServerSet set = ServerSet.discover(List.of(servers.b().url, servers.a().url), connector).get(10, TimeUnit.SECONDS);

    assertEquals(RedundancySupport.Hot, set.support());
    assertEquals(List.of(servers.a().uri, servers.b().uri), set.servers().stream().map(ServerSet.Member::serverUri).toList());
    assertEquals(servers.a().url, set.member(servers.a().uri).orElseThrow().url());
    assertEquals(servers.b().url, set.member(servers.b().uri).orElseThrow().url());
  }

  @Test
  void aPartnerNoUrlAndNoFindServersAnswerReachesIsLeftOut() throws Exception {
    // Milo's FindServers answers with the server itself only, so A cannot tell where B is
    ServerSet set = ServerSet.discover(List.of(servers.a().url), connector).get(10, TimeUnit.SECONDS);

    assertEquals(List.of(servers.a().uri), set.servers().stream().map(ServerSet.Member::serverUri).toList());
  }

  @Test
  void aDeadUrlIsSkippedAndTheLiveOneNamesTheSet() throws Exception {
    servers.a().stop();

    ServerSet set = ServerSet.discover(List.of(servers.a().url, servers.b().url), connector).get(10, TimeUnit.SECONDS);

    assertEquals(servers.b().url, set.member(servers.b().uri).orElseThrow().url());
    assertEquals(1, set.servers().size(), "A is in ServerUriArray but no URL reaches it while it is down");
  }

  @Test
  void noReachableUrlFailsWithNotConnected() throws Exception {
    servers.a().stop();
    servers.b().stop();

    var ex = assertThrows(ExecutionException.class,
        () -> ServerSet.discover(List.of(servers.a().url, servers.b().url), connector).get(10, TimeUnit.SECONDS));
    assertInstanceOf(UaException.class, ex.getCause());
  }

  @Test
  void endpointSelectionFollowsThePolicyOrderAndIdentity() throws Exception {
    var endpoints = connector.endpoints(servers.a().url).get(5, TimeUnit.SECONDS);

    assertTrue(ServerAccess.anonymousInsecure().select(endpoints).isPresent());
    assertTrue(ServerAccess.anonymousInsecure().withUser("op", "pw").select(endpoints).isEmpty(),
        "the fixture offers anonymous logins only");
    assertThrows(IllegalArgumentException.class,
        () -> new ServerAccess(List.of(SecurityPolicy.Basic256Sha256), java.util.Optional.empty(), "", java.util.Optional.empty()));
  }
}
