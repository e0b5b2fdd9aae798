package io.twinua.server.config;

import java.util.List;
import java.util.Optional;

/** A user archive (e.g. recipes): named records with typed fields. */
public record UserArchiveConfig(String name, List<FieldConfig> fields) {

  public UserArchiveConfig {
    fields = List.copyOf(fields);
  }

  public Optional<FieldConfig> field(String fieldName) {
    return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
  }
}
