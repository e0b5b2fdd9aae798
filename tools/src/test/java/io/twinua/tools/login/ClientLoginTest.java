package io.twinua.tools.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.switcher.discovery.ServerAccess;
import io.twinua.tools.diag.DiagCommand;
import io.twinua.tools.subscribe.SubscribeCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The login options that {@code subscribe} and {@code diag} share. */
class ClientLoginTest {

  @TempDir Path dir;

  private static ClientLogin parse(Object command, String... args) {
    CommandLine cli = new CommandLine(command);
    cli.parseArgs(args);
    return (ClientLogin) cli.getMixins().get("login");
  }

  @Test
  void anonymousOverNoneByDefaultAndAUserWithThePasswordFromItsFile() throws Exception {
    ServerAccess anonymous = parse(new DiagCommand(), "--endpoint", "opc.tcp://x:4840").access();
    assertEquals(Optional.empty(), anonymous.user());
    assertEquals(java.util.List.of(SecurityPolicy.None), anonymous.policies());

    Path password = Files.writeString(dir.resolve("viewer.txt"), "secret\nignored\n");
    ServerAccess viewer = parse(new SubscribeCommand(), "--endpoint", "opc.tcp://x:4840", "--node", "ns=2;s=a",
        "--user", "viewer", "--password-file", password.toString()).access();
    assertEquals(Optional.of("viewer"), viewer.user());
    assertEquals("secret", viewer.password());
    assertEquals("secret", parse(new DiagCommand(), "--endpoint", "u", "--user", "viewer", "--password", "secret")
        .access().password());
  }

  @Test
  void aUserWithoutPasswordOrAPasswordWithoutUserIsAUsageError() {
    var e = assertThrows(CommandLine.ParameterException.class,
        () -> parse(new DiagCommand(), "--endpoint", "u", "--user", "viewer").access());
    assertTrue(e.getMessage().contains("--password-file"), e.getMessage());
    assertThrows(CommandLine.ParameterException.class,
        () -> parse(new DiagCommand(), "--endpoint", "u", "--password", "x").access());
  }
}
