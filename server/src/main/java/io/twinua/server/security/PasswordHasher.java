package io.twinua.server.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes for users.yaml: {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>} with
 * PBKDF2WithHmacSHA256, a 16-byte random salt, 210,000 iterations and a 32-byte hash.
 *
 * <p>Passwords are handled as {@code char[]} so callers can wipe them after use.
 */
public final class PasswordHasher {

  public static final String SCHEME = "pbkdf2-sha256";
  public static final int ITERATIONS = 210_000;
  /** Hashes with fewer iterations are refused when users.yaml is loaded. */
  public static final int MIN_ITERATIONS = ITERATIONS;

  private static final int MAX_ITERATIONS = 10_000_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Verified against when the user is unknown, so both cases cost the same time. */
  private static final String DUMMY_HASH = hash("twinua-timing-equaliser".toCharArray());

  private PasswordHasher() {}

  /** Letters and digits without look-alikes (0/O, 1/l/I), for passwords people type. */
  private static final char[] PASSWORD_ALPHABET =
      "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

  /**
   * A random password, e.g. for the demo launcher's generated users (16 characters ≈ 93 bits).
   * The caller wipes the array after use.
   */
  public static char[] randomPassword(int length) {
    if (length < UserDirectory.MIN_PASSWORD_LENGTH) {
      throw new IllegalArgumentException("password length must be at least " + UserDirectory.MIN_PASSWORD_LENGTH);
    }
    char[] password = new char[length];
    for (int i = 0; i < length; i++) {
      password[i] = PASSWORD_ALPHABET[RANDOM.nextInt(PASSWORD_ALPHABET.length)];
    }
    return password;
  }

  /** Hashes {@code password} with a fresh random salt. */
  public static String hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = pbkdf2(password, salt, ITERATIONS, HASH_BYTES);
    Base64.Encoder b64 = Base64.getEncoder();
    return SCHEME + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  /**
   * Checks {@code password} against an encoded hash in constant time. A malformed hash never
   * verifies.
   */
  public static boolean verify(char[] password, String encoded) {
    Parsed parsed;
    try {
      parsed = parse(encoded);
    } catch (IllegalArgumentException e) {
      return false;
    }
    byte[] actual = pbkdf2(password, parsed.salt, parsed.iterations, parsed.hash.length);
    return MessageDigest.isEqual(actual, parsed.hash);
  }

  /** Spends the time of one verification; used for unknown users against user enumeration. */
  static void verifyDummy(char[] password) {
    verify(password, DUMMY_HASH);
  }

  /**
   * Checks the format of an encoded hash.
   *
   * @throws IllegalArgumentException saying what is wrong (never echoing the value, which might
   *     be a plain-text password)
   */
  public static void requireWellFormed(String encoded) {
    parse(encoded);
  }

  private record Parsed(int iterations, byte[] salt, byte[] hash) {}

  private static Parsed parse(String encoded) {
    if (encoded == null || encoded.isBlank()) {
      throw new IllegalArgumentException("empty password hash");
    }
    String[] parts = encoded.split("\\$", -1);
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      throw new IllegalArgumentException(
          "not a " + SCHEME + " hash (plain-text passwords are not accepted)");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("iteration count is not a number");
    }
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "iteration count " + iterations + " is outside " + MIN_ITERATIONS + ".." + MAX_ITERATIONS);
    }
    byte[] salt;
    byte[] hash;
    try {
      salt = Base64.getDecoder().decode(parts[2]);
      hash = Base64.getDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("salt or hash is not valid Base64");
    }
    if (salt.length < SALT_BYTES) {
      throw new IllegalArgumentException("salt is shorter than " + SALT_BYTES + " bytes");
    }
    if (hash.length != HASH_BYTES) {
      throw new IllegalArgumentException("hash is not " + HASH_BYTES + " bytes");
    }
    return new Parsed(iterations, salt, hash);
  }

  private static byte[] pbkdf2(char[] password, byte[] salt, int iterations, int bytes) {
    KeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      // PBKDF2WithHmacSHA256 is mandatory in every Java 8+ runtime
      throw new IllegalStateException(ALGORITHM + " unavailable", e);
    } finally {
      ((PBEKeySpec) spec).clearPassword();
    }
  }

  /** Overwrites a password buffer. */
  public static void wipe(char[] password) {
    if (password != null) {
      Arrays.fill(password, '\0');
    }
  }
}
