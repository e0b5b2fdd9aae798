package io.twinua.tools.station;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twinua.server.config.SessionSettings;
import io.twinua.server.messages.SystemMessage;
import io.twinua.server.security.Role;
import io.twinua.server.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 1: anonymous viewers on the None endpoint cannot take the places kept for secured
 * clients, nor more than their share per client address; an operator still logs in, and the
 * station reports the refusals (1012371, shown in its diagnostics).
 */
class StationSessionRoomTest {

  @TempDir Path dir;

  @Test
  void anonymousFloodLeavesTheReservedPlacesToOperators() throws Exception {
    String sessions = "\nsessions:\n  maxSessions: 8\n  reservedSessions: 3\n  maxUnsecuredPerClient: 8\n";
    try (TestPlant plant = TestPlant.start(dir, 1000, p -> p + sessions)) {
      SessionSettings room = plant.station().project().sessions();
      List<OpcUaClient> clients = new ArrayList<>();
      try {
        int opened = openAnonymousUntilRefused(plant, clients);
        assertEquals(room.unsecuredPlaces(), opened, "anonymous sessions before the refusal");
        for (int i = 0; i < room.reservedSessions(); i++) {
          clients.add(plant.login(Role.OPERATOR)); // every reserved place is an operator's
        }
        Await.until(Duration.ofSeconds(10), "1012371 in the diagnostics", () -> plant.station().diagnostics()
            .messages().stream().anyMatch(m -> m.number() == SystemMessage.SESSIONS_REFUSED.number()
                && m.detail().contains(room.reservedSessions() + " kept for secured clients")));
        System.out.printf("operator sessions opened while %d anonymous sessions held the station: %d%n", opened,
            room.reservedSessions());
      } finally {
        clients.forEach(OpcUaClient::disconnectAsync);
      }
    }
  }

  @Test
  void oneClientAddressGetsAtMostItsShareOfUnsecuredSessions() throws Exception {
    String sessions = "\nsessions:\n  maxSessions: 20\n  reservedSessions: 5\n  maxUnsecuredPerClient: 3\n";
    try (TestPlant plant = TestPlant.start(dir, 1000, p -> p + sessions)) {
      List<OpcUaClient> clients = new ArrayList<>();
      try {
        assertEquals(plant.station().project().sessions().maxUnsecuredPerClient(),
            openAnonymousUntilRefused(plant, clients));
        clients.add(plant.login(Role.OPERATOR)); // secured sessions are not counted against the address
      } finally {
        clients.forEach(OpcUaClient::disconnectAsync);
      }
    }
  }

  /** Opens anonymous None sessions until one is refused with Bad_TooManySessions; returns how many opened. */
  private static int openAnonymousUntilRefused(TestPlant plant, List<OpcUaClient> clients) throws Exception {
    for (int opened = 0; opened < 200; opened++) {
      try {
        clients.add(plant.anonymous());
      } catch (UaException e) {
        assertEquals(StatusCodes.Bad_TooManySessions, e.getStatusCode().value(), e.toString());
        return opened;
      }
    }
    throw new AssertionError("no refusal after 200 anonymous sessions");
  }
}
