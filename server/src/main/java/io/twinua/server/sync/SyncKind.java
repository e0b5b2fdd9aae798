package io.twinua.server.sync;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The four kinds of data a station synchronises from its partner (redundancy behaviour §5). */
public enum SyncKind {
  VALUES("values", true),
  MESSAGES("messages", true),
  USER_ARCHIVES("userArchives", true),
  INTERNAL_TAGS("internalTags", true);

  private final String yamlName;
  private final boolean supported;

  SyncKind(String yamlName, boolean supported) {
    this.yamlName = yamlName;
    this.supported = supported;
  }

  /** The name in the project file's {@code sync.kinds}. */
  public String yamlName() {
    return yamlName;
  }

  /** False for kinds the gap resync does not copy yet: the project loader refuses them. */
  public boolean supported() {
    return supported;
  }

  public static Optional<SyncKind> ofYamlName(String name) {
    return Arrays.stream(values())
        .filter(k -> k.yamlName.toLowerCase(Locale.ROOT).equals(name.strip().toLowerCase(Locale.ROOT)))
        .findFirst();
  }
}
