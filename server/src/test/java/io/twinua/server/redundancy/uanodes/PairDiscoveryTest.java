package io.twinua.server.redundancy.uanodes;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.stack.core.Stack;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.ApplicationType;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.ApplicationDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransport;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransportConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FindServers at either station names both stations of the pair. */
class PairDiscoveryTest {

  @TempDir static Path dir;
  private static PairFixture pair;

  @BeforeAll
  static void startPair() throws Exception {
    pair = PairFixture.start(dir);
  }

  @AfterAll
  static void stopPair() throws Exception {
    pair.close();
  }

  private static ApplicationDescription describe(PairTestStation station) {
    return new ApplicationDescription(
        station.applicationUri, "urn:twinua:product", LocalizedText.english("TwinUA " + station.name),
        ApplicationType.Server, null, null, new String[] {station.endpointUrl});
  }

  /** FindServers over an unsecured discovery channel, as a client does before it connects. */
  static List<ApplicationDescription> findServers(PairTestStation station, String... serverUris) throws Exception {
    var endpoint =
        new EndpointDescription(station.endpointUrl, null, null, MessageSecurityMode.None,
            SecurityPolicy.None.getUri(), null, Stack.TCP_UASC_UABINARY_TRANSPORT_URI, ubyte(0));
    var client = new DiscoveryClient(endpoint, new OpcTcpClientTransport(OpcTcpClientTransportConfig.newBuilder().build()));
    client.connect();
    try {
      ApplicationDescription[] servers =
          client.findServers(station.endpointUrl, new String[0], serverUris).get(10, SECONDS).getServers();
      return servers == null ? List.of() : Arrays.asList(servers);
    } finally {
      client.disconnect();
    }
  }

  @Test
  void findServersReturnsOwnAndPartnerDescriptions() throws Exception {
    pair.a.discovery.setPartnerDescription(describe(pair.b));
    pair.b.discovery.setPartnerDescription(describe(pair.a));
    try {
      for (PairTestStation station : List.of(pair.a, pair.b)) {
        PairTestStation partner = station == pair.a ? pair.b : pair.a;
        List<ApplicationDescription> servers = findServers(station);
        assertEquals(List.of(station.applicationUri, partner.applicationUri),
            servers.stream().map(ApplicationDescription::getApplicationUri).toList());
        ApplicationDescription own = servers.get(0);
        assertEquals("urn:twinua:product", own.getProductUri());
        assertEquals("TwinUA " + station.name, own.getApplicationName().getText());
        assertEquals(ApplicationType.Server, own.getApplicationType());
        assertTrue(Arrays.asList(own.getDiscoveryUrls()).contains(station.endpointUrl), Arrays.toString(own.getDiscoveryUrls()));
        assertEquals(describe(partner), servers.get(1));
      }

      // the serverUris filter applies to both
      assertEquals(List.of(describe(pair.b)), findServers(pair.a, pair.b.applicationUri));
      assertEquals(List.of(pair.a.applicationUri),
          findServers(pair.a, pair.a.applicationUri).stream().map(ApplicationDescription::getApplicationUri).toList());

      // GetEndpoints is still Milo's: the station's own endpoints
      List<EndpointDescription> endpoints = DiscoveryClient.getEndpoints(pair.a.endpointUrl).get(10, SECONDS);
      assertFalse(endpoints.isEmpty());
      assertTrue(endpoints.stream().allMatch(e -> e.getServer().getApplicationUri().equals(pair.a.applicationUri)));
    } finally {
      pair.a.discovery.clearPartnerDescription();
      pair.b.discovery.clearPartnerDescription();
    }
    assertEquals(List.of(pair.a.applicationUri),
        findServers(pair.a).stream().map(ApplicationDescription::getApplicationUri).toList());
  }

  @Test
  void partnerDescriptionMustBeAnotherServerWithDiscoveryUrls() {
    IllegalArgumentException own = assertThrows(IllegalArgumentException.class,
        () -> pair.a.discovery.setPartnerDescription(describe(pair.a)));
    assertTrue(own.getMessage().contains("own"), own.getMessage());
    ApplicationDescription client = new ApplicationDescription(pair.b.applicationUri, "p", LocalizedText.english("x"),
        ApplicationType.Client, null, null, new String[] {pair.b.endpointUrl});
    assertThrows(IllegalArgumentException.class, () -> pair.a.discovery.setPartnerDescription(client));
    ApplicationDescription noUrls = new ApplicationDescription(pair.b.applicationUri, "p", LocalizedText.english("x"),
        ApplicationType.Server, null, null, new String[0]);
    assertThrows(IllegalArgumentException.class, () -> pair.a.discovery.setPartnerDescription(noUrls));
    assertTrue(pair.a.discovery.partnerDescription().isEmpty());
  }
}
