package io.twinua.server.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a session may do. Every role may browse, read and subscribe; the helpers say what else.
 *
 * <p>PARTNER is the other station of the redundant pair, authenticated by its application
 * certificate only (never by password); it gets the synchronisation rights, not operator rights.
 */
public enum Role {
  /** Browse, read, subscribe, read history. */
  VIEWER(false, false, false, false, true, false),
  /** VIEWER + write process and internal tags, edit recipes, acknowledge alarms. */
  OPERATOR(true, true, false, true, true, false),
  /**
   * OPERATOR + redundancy control (e.g. writing {@code @RM_MASTER}) and taking alarms out of
   * service and back (Disable/Enable): both change what operators are shown, an engineer's step.
   */
  ENGINEER(true, true, true, true, true, false),
  /** The partner station: reads everything and synchronises archives and internal tags. */
  PARTNER(false, false, false, false, true, true);

  private final boolean write;
  private final boolean acknowledge;
  private final boolean redundancyControl;
  private final boolean editRecipes;
  private final boolean readHistory;
  private final boolean synchronise;

  Role(
      boolean write,
      boolean acknowledge,
      boolean redundancyControl,
      boolean editRecipes,
      boolean readHistory,
      boolean synchronise) {
    this.write = write;
    this.acknowledge = acknowledge;
    this.redundancyControl = redundancyControl;
    this.editRecipes = editRecipes;
    this.readHistory = readHistory;
    this.synchronise = synchronise;
  }

  /** Browse, read and subscribe: every role. */
  public boolean canRead() {
    return true;
  }

  /** Write process tags and internal tags. */
  public boolean canWrite() {
    return write;
  }

  public boolean canAcknowledge() {
    return acknowledge;
  }

  /** Disable and Enable alarms (Part 9 ConditionType Disable/Enable). */
  public boolean canEnableAlarms() {
    return this == ENGINEER;
  }

  /** Switch Master/Standby by hand, e.g. write {@code @RM_MASTER}. */
  public boolean canControlRedundancy() {
    return redundancyControl;
  }

  /**
   * Write source timestamps and non-Good status into historized internal tags (e.g. to enter a
   * reading taken by hand): operators' writes take the server's time instead (issue 12 item 6).
   */
  public boolean canWriteTimestamps() {
    return this == ENGINEER;
  }

  public boolean canEditRecipes() {
    return editRecipes;
  }

  public boolean canReadHistory() {
    return readHistory;
  }

  /** Hang or kill a part of the station (only where the station file switches fault injection on). */
  public boolean canInjectFaults() {
    return this == ENGINEER;
  }

  /** Partner-only: archive/internal-tag synchronisation and the redundancy handshake. */
  public boolean canSynchronise() {
    return synchronise;
  }

  /** Lower-case name as written in users.yaml. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a role name as written in users.yaml (case-insensitive).
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static Role parse(String text) {
    if (text != null) {
      for (Role role : values()) {
        if (role.name().equalsIgnoreCase(text.trim())) {
          return role;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown role '"
            + text
            + "' (allowed: "
            + Arrays.stream(values()).map(Role::yamlName).collect(Collectors.joining(", "))
            + ")");
  }
}
