package io.twinua.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDirectoryTest {

  private static String aliceHash;

  @TempDir Path dir;

  @BeforeAll
  static void hashOnce() {
    aliceHash = PasswordHasher.hash("alice-password".toCharArray());
  }

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("users.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void loadsUsersAndAuthenticatesThem() throws Exception {
    Path file =
        write(
            "users:\n"
                + "  - {name: alice, role: operator, passwordHash: \"" + aliceHash + "\"}\n"
                + "  - name: eve\n    role: Engineer\n    passwordHash: \"" + aliceHash + "\"\n");
    UserDirectory users = UserDirectory.load(file);

    assertEquals(2, users.size());
    assertEquals(Optional.of(Role.OPERATOR), users.authenticate("alice", "alice-password".toCharArray()));
    assertEquals(Optional.of(Role.ENGINEER), users.authenticate("eve", "alice-password".toCharArray()));
    assertEquals(Optional.empty(), users.authenticate("alice", "wrong-password".toCharArray()));
    assertEquals(Optional.empty(), users.authenticate("mallory", "alice-password".toCharArray()));
  }

  @Test
  void unknownRoleNamesTheEntryAndKey() throws Exception {
    Path file =
        write(
            "users:\n"
                + "  - {name: alice, role: operator, passwordHash: \"" + aliceHash + "\"}\n"
                + "  - {name: bob, role: admin, passwordHash: \"" + aliceHash + "\"}\n");
    SecurityConfigException e = assertThrows(SecurityConfigException.class, () -> UserDirectory.load(file));
    assertTrue(e.getMessage().contains("users.yaml"), e.getMessage());
    assertTrue(e.getMessage().contains("users[1] (bob)"), e.getMessage());
    assertTrue(e.getMessage().contains("'role'"), e.getMessage());
    assertTrue(e.getMessage().contains("admin"), e.getMessage());
  }

  @Test
  void missingHashNamesTheEntry() throws Exception {
    Path file = write("users:\n  - {name: carol, role: viewer}\n");
    SecurityConfigException e = assertThrows(SecurityConfigException.class, () -> UserDirectory.load(file));
    assertTrue(e.getMessage().contains("users[0] (carol)"), e.getMessage());
    assertTrue(e.getMessage().contains("missing key 'passwordHash'"), e.getMessage());
  }

  @Test
  void plainTextPasswordsAreRefusedWithoutEchoingThem() throws Exception {
    Path withPasswordKey = write("users:\n  - {name: dave, role: viewer, password: s3cret-Pass}\n");
    SecurityConfigException e1 =
        assertThrows(SecurityConfigException.class, () -> UserDirectory.load(withPasswordKey));
    assertTrue(e1.getMessage().contains("users[0] (dave)"), e1.getMessage());
    assertTrue(e1.getMessage().contains("plain-text"), e1.getMessage());
    assertFalse(e1.getMessage().contains("s3cret-Pass"), e1.getMessage());

    Path plainInHashField = write("users:\n  - {name: dave, role: viewer, passwordHash: s3cret-Pass}\n");
    SecurityConfigException e2 =
        assertThrows(SecurityConfigException.class, () -> UserDirectory.load(plainInHashField));
    assertTrue(e2.getMessage().contains("users[0] (dave)"), e2.getMessage());
    assertTrue(e2.getMessage().contains("'passwordHash'"), e2.getMessage());
    assertTrue(e2.getMessage().contains("plain-text"), e2.getMessage());
    assertFalse(e2.getMessage().contains("s3cret-Pass"), e2.getMessage());
  }

  @Test
  void otherMistakesAreNamed() throws Exception {
    assertMessage("users:\n  - {name: a, role: viewer, passwordHash: \"" + aliceHash + "\", colour: red}\n", "unknown key 'colour'");
    assertMessage(
        "users:\n  - {name: a, role: viewer, passwordHash: \"" + aliceHash + "\"}\n"
            + "  - {name: a, role: operator, passwordHash: \"" + aliceHash + "\"}\n",
        "users[1] (a): duplicate");
    assertMessage("users:\n  - {name: p, role: partner, passwordHash: \"" + aliceHash + "\"}\n", "reserved");
    assertMessage("people: []\n", "unknown key 'people'");
    assertMessage("users: {name: a}\n", "must be a list");
    assertMessage("users: [\n", "not valid YAML");
    assertThrows(SecurityConfigException.class, () -> UserDirectory.load(dir.resolve("absent.yaml")));
  }

  private void assertMessage(String yaml, String expected) throws Exception {
    Path file = write(yaml);
    SecurityConfigException e = assertThrows(SecurityConfigException.class, () -> UserDirectory.load(file));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void addOrReplaceAndSaveRoundTripWithOwnerOnlyFile() throws Exception {
    Path file = dir.resolve("conf").resolve("users.yaml");
    UserDirectory users =
        UserDirectory.empty()
            .addOrReplace("alice", Role.VIEWER, "first-password".toCharArray())
            .addOrReplace("bob", Role.ENGINEER, "bob-password".toCharArray())
            .addOrReplace("alice", Role.OPERATOR, "second-password".toCharArray());
    users.save(file);

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String text = Files.readString(file);
    assertFalse(text.contains("second-password"));

    UserDirectory loaded = UserDirectory.load(file);
    assertEquals(List.of("alice", "bob"), loaded.users().stream().map(UserEntry::name).toList());
    assertEquals(Optional.of(Role.OPERATOR), loaded.authenticate("alice", "second-password".toCharArray()));
    assertEquals(Optional.empty(), loaded.authenticate("alice", "first-password".toCharArray()));
  }

  @Test
  void addOrReplaceRefusesWeakPasswordsBadNamesAndThePartnerRole() {
    char[] shortPassword = "short".toCharArray();
    assertThrows(
        IllegalArgumentException.class,
        () -> UserDirectory.empty().addOrReplace("alice", Role.VIEWER, shortPassword));
    assertEquals(0, shortPassword[0], "password buffer wiped");
    assertThrows(
        IllegalArgumentException.class,
        () -> UserDirectory.empty().addOrReplace("al ice", Role.VIEWER, "long-enough".toCharArray()));
    assertThrows(
        IllegalArgumentException.class,
        () -> UserDirectory.empty().addOrReplace("partner", Role.PARTNER, "long-enough".toCharArray()));
  }
}
