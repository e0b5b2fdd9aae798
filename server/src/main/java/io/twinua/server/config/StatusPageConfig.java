package io.twinua.server.config;

/**
 * The station's status page ({@code statusPage:} in the station file): served read-only on the
 * station's bind address.
 *
 * @param port HTTP port, 1..65535; 0 lets the OS choose one (tests)
 */
public record StatusPageConfig(int port) {

  public StatusPageConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("bad status page port " + port + " (0..65535)");
    }
  }
}
