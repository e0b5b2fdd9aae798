package io.twinua.server.config;

import java.nio.file.Path;

/**
 * A project or station file that cannot be used. The message names the file, the key path and
 * the problem, e.g. {@code project.yaml: tags[3].as: unknown automation station 'AS9' (known: AS1, AS2)}.
 */
public class ConfigException extends Exception {

  private final transient Path file;
  private final String keyPath;
  private final String problem;

  /**
   * @param keyPath where in the file, e.g. {@code tags[3].as}; empty for the file as a whole
   */
  public ConfigException(Path file, String keyPath, String problem) {
    super(keyPath.isEmpty() ? file + ": " + problem : file + ": " + keyPath + ": " + problem);
    this.file = file;
    this.keyPath = keyPath;
    this.problem = problem;
  }

  public ConfigException(Path file, String keyPath, String problem, Throwable cause) {
    this(file, keyPath, problem);
    initCause(cause);
  }

  public Path file() {
    return file;
  }

  public String keyPath() {
    return keyPath;
  }

  public String problem() {
    return problem;
  }
}
