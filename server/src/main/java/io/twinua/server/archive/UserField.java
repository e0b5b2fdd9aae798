package io.twinua.server.archive;

import java.util.Objects;

/** One configured field of a user archive. */
public record UserField(String name, UserFieldType type, boolean required) {

  public UserField {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("user archive field name must not be blank");
    }
    Objects.requireNonNull(type, () -> "type of user archive field " + name);
  }
}
