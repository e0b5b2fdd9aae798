package io.twinua.tools.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twinua.server.config.LoginThrottleSettings;
import io.twinua.server.messages.SystemMessage;
import io.twinua.server.security.Role;
import io.twinua.server.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 2 on a whole station: password guessing makes the user wait, the station raises
 * 1012370 (diagnostics show it), and usernames are refused on the demo's None endpoint.
 */
class StationLoginThrottleTest {

  @TempDir Path dir;

  @Test
  void guessingIsSlowedAndReportedAndNeverTriedOnTheNoneEndpoint() throws Exception {
    try (TestPlant plant = TestPlant.start(dir, 1000, p -> p)) {
      String operator = Role.OPERATOR.name().toLowerCase();
      int free = plant.station().project().security().loginThrottle().userFailures();
      for (int i = 0; i < free; i++) {
        UaException wrong = assertThrows(UaException.class, () -> plant.connect(SecurityPolicy.Basic256Sha256,
            MessageSecurityMode.SignAndEncrypt, new UsernameProvider(operator, "guess")));
        assertEquals(StatusCodes.Bad_UserAccessDenied, wrong.getStatusCode().value(), wrong.toString());
      }
      UaException waiting = assertThrows(UaException.class, () -> plant.login(Role.OPERATOR));
      assertEquals(StatusCodes.Bad_UserAccessDenied, waiting.getStatusCode().value(), "the right password waits too");
      Await.until(Duration.ofSeconds(10), "1012370 in the station's diagnostics",
          () -> plant.station().diagnostics().messages().stream().anyMatch(m ->
              m.number() == SystemMessage.REPEATED_LOGIN_FAILURES.number()
                  && m.detail().startsWith("user '" + operator + "': " + free + " failed logins")));

      // the demo project offers SecurityPolicy None, but not for passwords
      UaException onNone = assertThrows(UaException.class, () -> plant.connect(SecurityPolicy.None,
          MessageSecurityMode.None, new UsernameProvider("viewer", plant.passwords.get(Role.VIEWER))));
      assertEquals(StatusCodes.Bad_IdentityTokenRejected, onNone.getStatusCode().value(), onNone.toString());
      assertEquals(LoginThrottleSettings.DEFAULT, plant.station().project().security().loginThrottle(),
          "the demo runs the product defaults");
    }
  }
}
