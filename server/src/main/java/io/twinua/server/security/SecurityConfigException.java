package io.twinua.server.security;

/**
 * A security file or directory (PKI, CA, users.yaml) is missing, malformed or inconsistent. The
 * message names the file and the problem so an operator can fix it without reading code.
 */
public class SecurityConfigException extends Exception {

  public SecurityConfigException(String message) {
    super(message);
  }

  public SecurityConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
