package io.twinua.server.config;

/**
 * The station file's {@code diagnostics:} section.
 *
 * @param faultInjection engineer-only OPC UA methods that hang or kill a named part of the running
 *     station for real (tests, chaos runs); never on in a plant
 */
public record DiagnosticsConfig(boolean faultInjection) {

  public static final DiagnosticsConfig OFF = new DiagnosticsConfig(false);
}
