package io.twinua.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** Checks on raw values with messages that name the file and key. */
final class Values {

  /** Station, AS and archive names end up in tag names, file names and log lines. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private final Path file;

  Values(Path file) {
    this.file = file;
  }

  ConfigException error(KeyPath path, String problem) {
    return new ConfigException(file, path.text(), problem);
  }

  <T> T required(T value, KeyPath path) throws ConfigException {
    if (value == null) {
      throw error(path, "missing key");
    }
    return value;
  }

  String text(String value, KeyPath path) throws ConfigException {
    required(value, path);
    if (value.isBlank()) {
      throw error(path, "must not be empty");
    }
    return value.strip();
  }

  String name(String value, KeyPath path) throws ConfigException {
    String name = text(value, path);
    if (!NAME.matcher(name).matches()) {
      throw error(path, "bad name '" + name + "' (letters, digits, '_', '.', '-'; starting with a letter or digit)");
    }
    return name;
  }

  int number(Integer value, int defaultValue, int min, int max, KeyPath path) throws ConfigException {
    int n = value == null ? defaultValue : value;
    if (n < min || n > max) {
      throw error(path, n + " is out of range " + min + ".." + max);
    }
    return n;
  }

  int port(Integer value, KeyPath path) throws ConfigException {
    int port = required(value, path);
    if (port < 1 || port > 65535) {
      throw error(path, "bad port " + port + " (1..65535)");
    }
    return port;
  }

  boolean flag(Boolean value, boolean defaultValue) {
    return value == null ? defaultValue : value;
  }

  /** A file named relative to this file's directory that must exist. */
  Path existingFile(String value, KeyPath path) throws ConfigException {
    Path resolved = relative(value, path);
    if (!Files.isRegularFile(resolved)) {
      throw error(path, "file not found: " + resolved);
    }
    return resolved;
  }

  /** A path relative to this file's directory (or absolute). */
  Path relative(String value, KeyPath path) throws ConfigException {
    String text = text(value, path);
    Path base = file.toAbsolutePath().getParent();
    return base.resolve(text).normalize();
  }

  URI uri(String value, KeyPath path) throws ConfigException {
    String text = text(value, path);
    try {
      URI uri = new URI(text);
      if (uri.getScheme() == null) {
        throw error(path, "'" + text + "' is not a URI (no scheme, e.g. urn:...)");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw error(path, "'" + text + "' is not a URI: " + e.getReason());
    }
  }

  <T> List<T> list(List<T> value) {
    return value == null ? List.of() : value;
  }
}
