package io.twinua.server.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  @Test
  void hashHasTheDocumentedFormatAndVerifies() {
    String hash = PasswordHasher.hash("correct horse".toCharArray());
    String[] parts = hash.split("\\$");
    assertEquals(4, parts.length);
    assertEquals("pbkdf2-sha256", parts[0]);
    assertEquals("210000", parts[1]);
    assertEquals(16, Base64.getDecoder().decode(parts[2]).length);
    assertEquals(32, Base64.getDecoder().decode(parts[3]).length);
    assertDoesNotThrow(() -> PasswordHasher.requireWellFormed(hash));

    assertTrue(PasswordHasher.verify("correct horse".toCharArray(), hash));
    assertFalse(PasswordHasher.verify("correct horsE".toCharArray(), hash));
    assertFalse(PasswordHasher.verify(new char[0], hash));
  }

  @Test
  void samePasswordGetsADifferentSaltEachTime() {
    assertNotEquals(
        PasswordHasher.hash("same password".toCharArray()),
        PasswordHasher.hash("same password".toCharArray()));
  }

  @Test
  void malformedHashesNeverVerifyAndNameTheProblemWithoutEchoingTheValue() {
    assertFalse(PasswordHasher.verify("secret".toCharArray(), "secret"));
    IllegalArgumentException plain =
        assertThrows(IllegalArgumentException.class, () -> PasswordHasher.requireWellFormed("hunter2-secret"));
    assertTrue(plain.getMessage().contains("plain-text"), plain.getMessage());
    assertFalse(plain.getMessage().contains("hunter2"), plain.getMessage());

    String salt = Base64.getEncoder().encodeToString(new byte[16]);
    String hash = Base64.getEncoder().encodeToString(new byte[32]);
    IllegalArgumentException weak =
        assertThrows(
            IllegalArgumentException.class,
            () -> PasswordHasher.requireWellFormed("pbkdf2-sha256$1000$" + salt + "$" + hash));
    assertTrue(weak.getMessage().contains("iteration"), weak.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> PasswordHasher.requireWellFormed("pbkdf2-sha256$210000$" + salt + "$AAAA"));
    assertThrows(
        IllegalArgumentException.class,
        () -> PasswordHasher.requireWellFormed("pbkdf2-sha256$210000$***$" + hash));
  }

  @Test
  void randomPasswordsAreLongEnoughAndDiffer() {
    char[] first = PasswordHasher.randomPassword(16);
    char[] second = PasswordHasher.randomPassword(16);
    assertEquals(16, first.length);
    assertFalse(java.util.Arrays.equals(first, second));
    assertThrows(IllegalArgumentException.class, () -> PasswordHasher.randomPassword(4));
    assertTrue(PasswordHasher.verify(first, PasswordHasher.hash(first.clone())));
  }
}
