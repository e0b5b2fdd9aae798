package io.twinua.server.security;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One user of users.yaml. Only password hashes are ever stored; PARTNER cannot be given to a
 * user (the partner station logs in with its certificate).
 */
public record UserEntry(String name, Role role, String passwordHash) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  public UserEntry {
    Objects.requireNonNull(role, "role");
    requireValidName(name);
    if (role == Role.PARTNER) {
      throw new IllegalArgumentException(
          "role 'partner' is reserved for the partner station (certificate login)");
    }
    PasswordHasher.requireWellFormed(passwordHash);
  }

  /**
   * @throws IllegalArgumentException if the name is empty or has characters other than letters,
   *     digits and {@code . _ @ -} (max 64)
   */
  public static String requireValidName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "bad user name '" + name + "' (1-64 letters, digits, '.', '_', '@', '-'; starts with a letter or digit)");
    }
    return name;
  }

  @Override
  public String toString() {
    // never print the hash
    return "UserEntry[name=" + name + ", role=" + role.yamlName() + "]";
  }
}
