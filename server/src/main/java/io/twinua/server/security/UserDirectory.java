package io.twinua.server.security;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The station's users, read from {@code users.yaml}. Immutable: changes return a new directory
 * that the caller saves.
 *
 * <pre>
 * users:
 *   - name: alice
 *     role: operator            # viewer | operator | engineer
 *     passwordHash: "pbkdf2-sha256$210000$&lt;salt b64&gt;$&lt;hash b64&gt;"
 * </pre>
 *
 * Plain-text passwords are refused. Create entries with {@code twinua users add}.
 */
public final class UserDirectory {

  /** Minimum length of a new password. */
  public static final int MIN_PASSWORD_LENGTH = 8;

  private static final Set<String> ENTRY_KEYS = Set.of("name", "role", "passwordHash");
  private static final Set<String> PLAIN_TEXT_KEYS = Set.of("password", "pass", "pwd", "secret");

  private final Map<String, UserEntry> users;

  private UserDirectory(Map<String, UserEntry> users) {
    this.users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
  }

  public static UserDirectory empty() {
    return new UserDirectory(Map.of());
  }

  public static UserDirectory of(List<UserEntry> entries) {
    Map<String, UserEntry> map = new LinkedHashMap<>();
    for (UserEntry entry : entries) {
      if (map.put(entry.name(), entry) != null) {
        throw new IllegalArgumentException("duplicate user '" + entry.name() + "'");
      }
    }
    return new UserDirectory(map);
  }

  /**
   * Reads users.yaml.
   *
   * @throws SecurityConfigException naming the file, the entry ({@code users[2] (bob)}) and the
   *     key that is wrong
   */
  public static UserDirectory load(Path file) throws SecurityConfigException {
    JsonNode root;
    try {
      ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
      mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      root = mapper.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new SecurityConfigException(file + ": users file not found");
    } catch (IOException e) {
      throw new SecurityConfigException(file + ": not valid YAML: " + firstLine(e.getMessage()), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new SecurityConfigException(file + ": empty file; expected 'users:' with a list");
    }
    if (!root.isObject()) {
      throw new SecurityConfigException(file + ": expected a mapping with key 'users'");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals("users")) {
        throw new SecurityConfigException(file + ": unknown key '" + key + "' (expected 'users')");
      }
    }
    JsonNode list = root.get("users");
    if (list == null) {
      throw new SecurityConfigException(file + ": missing key 'users'");
    }
    if (list.isNull()) {
      return empty();
    }
    if (!list.isArray()) {
      throw new SecurityConfigException(file + ": 'users' must be a list");
    }
    Map<String, UserEntry> users = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      UserEntry entry = parseEntry(file, i, list.get(i));
      if (users.containsKey(entry.name())) {
        throw new SecurityConfigException(
            file + ": users[" + i + "] (" + entry.name() + "): duplicate user name");
      }
      users.put(entry.name(), entry);
    }
    return new UserDirectory(users);
  }

  private static UserEntry parseEntry(Path file, int index, JsonNode node)
      throws SecurityConfigException {
    String where = file + ": users[" + index + "]";
    if (!node.isObject()) {
      throw new SecurityConfigException(where + ": expected a mapping with name, role, passwordHash");
    }
    JsonNode nameNode = node.get("name");
    if (nameNode != null && nameNode.isTextual()) {
      where += " (" + nameNode.asText() + ")";
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (PLAIN_TEXT_KEYS.contains(key)) {
        throw new SecurityConfigException(
            where + ": key '" + key + "': plain-text passwords are not accepted; "
                + "set the password with 'twinua users add'");
      }
      if (!ENTRY_KEYS.contains(key)) {
        throw new SecurityConfigException(
            where + ": unknown key '" + key + "' (expected name, role, passwordHash)");
      }
    }
    String name = requireText(node, "name", where);
    String roleText = requireText(node, "role", where);
    String hash = requireText(node, "passwordHash", where);
    Role role;
    try {
      role = Role.parse(roleText);
    } catch (IllegalArgumentException e) {
      throw new SecurityConfigException(where + ": key 'role': " + e.getMessage());
    }
    try {
      UserEntry.requireValidName(name);
    } catch (IllegalArgumentException e) {
      throw new SecurityConfigException(where + ": key 'name': " + e.getMessage());
    }
    try {
      PasswordHasher.requireWellFormed(hash);
    } catch (IllegalArgumentException e) {
      throw new SecurityConfigException(where + ": key 'passwordHash': " + e.getMessage());
    }
    try {
      return new UserEntry(name, role, hash);
    } catch (IllegalArgumentException e) {
      throw new SecurityConfigException(where + ": key 'role': " + e.getMessage());
    }
  }

  private static String requireText(JsonNode node, String key, String where)
      throws SecurityConfigException {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      throw new SecurityConfigException(where + ": missing key '" + key + "'");
    }
    if (!value.isTextual()) {
      throw new SecurityConfigException(where + ": key '" + key + "' must be a string");
    }
    return value.asText();
  }

  /**
   * Returns a directory with {@code name} added or replaced; the password is hashed here and then
   * wiped from the array.
   *
   * @throws IllegalArgumentException for a bad name, the PARTNER role or a password shorter than
   *     {@link #MIN_PASSWORD_LENGTH}
   */
  public UserDirectory addOrReplace(String name, Role role, char[] password) {
    try {
      UserEntry.requireValidName(name);
      if (password == null || password.length < MIN_PASSWORD_LENGTH) {
        throw new IllegalArgumentException(
            "password must have at least " + MIN_PASSWORD_LENGTH + " characters");
      }
      return with(new UserEntry(name, role, PasswordHasher.hash(password)));
    } finally {
      PasswordHasher.wipe(password);
    }
  }

  /** Returns a directory with {@code entry} added or replacing the user of the same name. */
  public UserDirectory with(UserEntry entry) {
    Map<String, UserEntry> copy = new LinkedHashMap<>(users);
    copy.put(entry.name(), entry);
    return new UserDirectory(copy);
  }

  /** Returns a directory without {@code name} (unchanged if absent). */
  public UserDirectory without(String name) {
    Map<String, UserEntry> copy = new LinkedHashMap<>(users);
    copy.remove(name);
    return new UserDirectory(copy);
  }

  /** Writes users.yaml atomically, readable by the owner only (it holds password hashes). */
  public void save(Path file) throws SecurityConfigException {
    StringBuilder yaml = new StringBuilder();
    yaml.append("# TwinUA users. Written by 'twinua users add'; passwords are PBKDF2 hashes.\n");
    yaml.append("# Roles: viewer, operator, engineer. Plain-text passwords are refused.\n");
    if (users.isEmpty()) {
      yaml.append("users: []\n");
    } else {
      yaml.append("users:\n");
      for (UserEntry user : users.values()) {
        // names and hashes are restricted to characters that need no YAML escaping
        yaml.append("  - name: \"").append(user.name()).append("\"\n");
        yaml.append("    role: ").append(user.role().yamlName()).append('\n');
        yaml.append("    passwordHash: \"").append(user.passwordHash()).append("\"\n");
      }
    }
    try {
      OwnerOnlyFiles.write(file, yaml.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SecurityConfigException(file + ": cannot write users file: " + e.getMessage(), e);
    }
  }

  public Optional<UserEntry> find(String name) {
    return Optional.ofNullable(name == null ? null : users.get(name));
  }

  /**
   * The user's role if {@code password} is right. Unknown users cost the same time as wrong
   * passwords, so response times do not reveal which names exist.
   */
  public Optional<Role> authenticate(String name, char[] password) {
    UserEntry entry = name == null ? null : users.get(name);
    if (entry == null) {
      PasswordHasher.verifyDummy(password);
      return Optional.empty();
    }
    return PasswordHasher.verify(password, entry.passwordHash())
        ? Optional.of(entry.role())
        : Optional.empty();
  }

  public List<UserEntry> users() {
    return List.copyOf(users.values());
  }

  public int size() {
    return users.size();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
