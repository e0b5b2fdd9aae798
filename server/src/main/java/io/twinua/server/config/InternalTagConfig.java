package io.twinua.server.config;

/**
 * An operator (internal) tag: a writable NodeSet variable kept by the station itself.
 *
 * @param synchronise copy each change online to the partner station: always false for now, the
 *     loader refuses true until archive synchronisation exists
 * @param archive whether every value goes to the value archive
 */
public record InternalTagConfig(String node, boolean synchronise, boolean archive) {}
