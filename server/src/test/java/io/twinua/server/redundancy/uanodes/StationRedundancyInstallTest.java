package io.twinua.server.redundancy.uanodes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twinua.server.config.RedundancyConfig;
import io.twinua.server.config.StationConfig;
import io.twinua.server.redundancy.RedundancySettings;
import io.twinua.server.redundancy.StationRedundancy;
import io.twinua.server.security.ProjectCa;
import io.twinua.server.security.Role;
import io.twinua.server.security.UserDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.RedundancySupport;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ApplicationDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nodes as the product's entry point puts them on two stations, from their station files
 * ({@link StationRedundancy#install}); the other tests of this package drive each node class directly.
 */
class StationRedundancyInstallTest {

  private static final String URI_A = "urn:twinua:station:A";
  private static final String URI_B = "urn:twinua:station:B";
  private static final String URL_OF_B_IN_A_FILE = "opc.tcp://station-b.plant:4840/twinua";

  @TempDir static Path dir;
  private static ProjectCa ca;
  private static UaClients.App hmi;
  private static PairTestStation a;
  private static PairTestStation b;

  @BeforeAll
  static void startPair() throws Exception {
    ca = ProjectCa.create(dir.resolve("ca"), ProjectCa.DEFAULT_NAME);
    hmi = new UaClients.App("urn:twinua:hmi:panel-1", ca.issue("urn:twinua:hmi:panel-1", List.of()));
    UserDirectory users = UserDirectory.empty()
        .addOrReplace(PairFixture.ENGINEER, Role.ENGINEER, PairFixture.password(PairFixture.ENGINEER));
    a = PairTestStation.startThroughEntryPoint(dir, ca, "A", users, ca.issue(URI_B, List.of("127.0.0.1")).certificate(),
        new StationRedundancy(stationFile("A", URI_A, "B", URI_B, URL_OF_B_IN_A_FILE)), PairFixture.ARCHIVES);
    b = PairTestStation.startThroughEntryPoint(dir, ca, "B", users, ca.issue(URI_A, List.of("127.0.0.1")).certificate(),
        new StationRedundancy(stationFile("B", URI_B, "A", URI_A, a.endpointUrl)), PairFixture.ARCHIVES);
  }

  @AfterAll
  static void stopPair() throws Exception {
    try {
      if (b != null) {
        b.close();
      }
    } finally {
      if (a != null) {
        a.close();
      }
    }
  }

  private static StationConfig stationFile(String name, String uri, String partner, String partnerUri, String partnerUrl) {
    return new StationConfig(name, dir.resolve("project.yaml"), dir.resolve(name), "127.0.0.1", "127.0.0.1", 0, uri,
        dir.resolve(name + ".yaml"), Map.of(), Optional.of(new RedundancyConfig(RedundancySettings.DEFAULT,
            new RedundancyConfig.Partner(partner, partnerUrl, partnerUri, dir.resolve(partner + ".der")),
            List.of(), List.of())), Optional.empty());
  }

  private static OpcUaClient engineerOn(PairTestStation station) throws Exception {
    return UaClients.connect(station.endpointUrl, hmi, PairFixture.login(PairFixture.ENGINEER), ca.certificate());
  }

  private static Object read(OpcUaClient client, NodeId node) throws Exception {
    return client.readValue(0, TimestampsToReturn.Both, node).getValue().getValue();
  }

  private static NodeId tag(OpcUaClient client, String tag) {
    return new NodeId(client.getNamespaceTable().getIndex(PairTestStation.PLANT_URI), tag);
  }

  @Test
  void bothStationsListThePairInTheSameOrder() throws Exception {
    for (PairTestStation station : List.of(a, b)) {
      OpcUaClient client = engineerOn(station);
      try {
        assertArrayEquals(new String[] {URI_A, URI_B}, (String[]) read(client, NodeIds.Server_ServerRedundancy_ServerUriArray),
            station.name);
        assertEquals(RedundancySupport.Hot.getValue(),
            read(client, NodeIds.Server_ServerRedundancy_RedundancySupport), station.name);
      } finally {
        client.disconnect();
      }
    }
  }

  @Test
  void findServersNamesThePartnerAsTheStationFileDescribesIt() throws Exception {
    List<ApplicationDescription> partner = PairDiscoveryTest.findServers(a, URI_B);
    assertEquals(1, partner.size());
    assertArrayEquals(new String[] {URL_OF_B_IN_A_FILE}, partner.get(0).getDiscoveryUrls());
    assertEquals(List.of(URI_A), PairDiscoveryTest.findServers(b, URI_A).stream()
        .map(ApplicationDescription::getApplicationUri).toList());
  }

  @Test
  void systemTagsNameTheStationAndItsUserArchivesAndRefuseASwitchBeforeRedundancyRuns() throws Exception {
    OpcUaClient client = engineerOn(b);
    try {
      assertEquals("B", read(client, tag(client, SystemTags.LOCAL_MACHINE_NAME)));
      for (String archive : PairFixture.ARCHIVES) {
        assertEquals(0, read(client, tag(client, SystemTags.onlineSyncTag(archive))), archive);
      }
      assertEquals(StatusCodes.Bad_InvalidState, client.writeValues(List.of(tag(client, SystemTags.RM_MASTER)),
          List.of(new DataValue(new Variant(1)))).get(0).getValue());
    } finally {
      client.disconnect();
    }
  }
}
