package io.twinua.server.config;

/**
 * An operator (internal) tag: a writable NodeSet variable kept by the station itself.
 *
 * @param synchronise copy each change online to the partner station, and exchange the latest
 *     values when the partner returns (newest source time wins); never true for an {@code @} tag
 * @param archive whether every value goes to the value archive
 */
public record InternalTagConfig(String node, boolean synchronise, boolean archive) {}
