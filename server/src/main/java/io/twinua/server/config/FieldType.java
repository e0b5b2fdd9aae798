package io.twinua.server.config;

import java.util.Arrays;
import java.util.Optional;

/** Types of user-archive (recipe) fields, named as the OPC UA built-in types in YAML. */
public enum FieldType {
  STRING("String"),
  DOUBLE("Double"),
  INT32("Int32"),
  BOOLEAN("Boolean");

  private final String yamlName;

  FieldType(String yamlName) {
    this.yamlName = yamlName;
  }

  /** The name used in the project file, e.g. {@code Int32}. */
  public String yamlName() {
    return yamlName;
  }

  static Optional<FieldType> ofYamlName(String name) {
    return Arrays.stream(values()).filter(t -> t.yamlName.equals(name)).findFirst();
  }
}
