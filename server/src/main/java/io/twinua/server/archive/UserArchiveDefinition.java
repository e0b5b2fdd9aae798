package io.twinua.server.archive;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A configured user archive (e.g. a recipe table): its name and fields. */
public record UserArchiveDefinition(String name, List<UserField> fields) {

  public UserArchiveDefinition {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("user archive name must not be blank");
    }
    if (fields == null || fields.isEmpty()) {
      throw new IllegalArgumentException("user archive " + name + " has no fields");
    }
    fields = List.copyOf(fields);
    Set<String> seen = new HashSet<>();
    for (UserField f : fields) {
      if (!seen.add(f.name())) {
        throw new IllegalArgumentException(
            "user archive " + name + " defines field " + f.name() + " twice");
      }
    }
  }

  public Optional<UserField> field(String fieldName) {
    return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
  }
}
