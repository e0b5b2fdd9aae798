package io.twinua.server.archive;

/** Types a user-archive (recipe) field can have, with the Java type its values use. */
public enum UserFieldType {
  STRING(String.class),
  DOUBLE(Double.class),
  INT32(Integer.class),
  BOOLEAN(Boolean.class);

  private final Class<?> javaType;

  UserFieldType(Class<?> javaType) {
    this.javaType = javaType;
  }

  public Class<?> javaType() {
    return javaType;
  }
}
