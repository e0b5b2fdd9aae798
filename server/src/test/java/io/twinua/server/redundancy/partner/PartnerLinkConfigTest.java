package io.twinua.server.redundancy.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PartnerLinkConfigTest {

  @Test
  void timeoutIsGivenAndTheRestDefaults() {
    var config = PartnerLinkConfig.of("opc.tcp://station-b:4840/twinua", "urn:twinua:station:B", "urn:plant",
        Duration.ofMillis(600));
    assertEquals(Duration.ofMillis(600), config.timeout());
    assertEquals(Duration.ofSeconds(2), config.requestTimeout());
    assertEquals(Duration.ofSeconds(5), config.recreateClientAfter());
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    var badUrl = assertThrows(IllegalArgumentException.class,
        () -> PartnerLinkConfig.of("http://station-b/x", "urn:b", "urn:plant", Duration.ofMillis(600)));
    assertTrue(badUrl.getMessage().contains("endpointUrl"), badUrl.getMessage());
    var noUri = assertThrows(IllegalArgumentException.class,
        () -> PartnerLinkConfig.of("opc.tcp://b:4840", " ", "urn:plant", Duration.ofMillis(600)));
    assertTrue(noUri.getMessage().contains("partnerApplicationUri"), noUri.getMessage());
    var tooShort = assertThrows(IllegalArgumentException.class,
        () -> PartnerLinkConfig.create(b -> b.endpointUrl("opc.tcp://b:4840").partnerApplicationUri("urn:b")
            .plantNamespaceUri("urn:plant").timeout(Duration.ofMillis(10))));
    assertTrue(tooShort.getMessage().contains("timeout"), tooShort.getMessage());
    var noTimeout = assertThrows(IllegalArgumentException.class,
        () -> PartnerLinkConfig.create(b -> b.endpointUrl("opc.tcp://b:4840").partnerApplicationUri("urn:b")
            .plantNamespaceUri("urn:plant")));
    assertTrue(noTimeout.getMessage().contains("timeout"), noTimeout.getMessage());
  }
}
