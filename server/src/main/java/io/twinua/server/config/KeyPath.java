package io.twinua.server.config;

/** A place in a YAML file for messages: {@code tags[3].as}, {@code security.allowAnonymous}. */
record KeyPath(String text) {

  static final KeyPath ROOT = new KeyPath("");

  KeyPath key(String key) {
    return new KeyPath(text.isEmpty() ? key : text + "." + key);
  }

  KeyPath index(int index) {
    return new KeyPath(text + "[" + index + "]");
  }

  @Override
  public String toString() {
    return text;
  }
}
