package io.twinua.server.config;

/**
 * An automation station (PLC) both stations connect to, as an OPC UA server.
 *
 * @param name e.g. {@code AS1}, referenced by {@link TagMapping#as()}
 * @param endpointUrl {@code opc.tcp://host:port[/path]}
 * @param publishingIntervalMs requested publishing (and sampling) interval
 */
public record AutomationStationConfig(String name, String endpointUrl, int publishingIntervalMs) {}
