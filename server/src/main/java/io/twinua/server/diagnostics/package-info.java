/**
 * One read-only snapshot of the station (redundancy-behaviour §8: roles, partner, links, AS
 * connections, clients, health, sync, clock, the last system messages), gathered from the other
 * parts through their accessors and rendered three ways: OPC UA nodes under {@code @Diagnostics},
 * JSON (also the value of {@code @Diagnostics/Json}, read by {@code twinua diag}) and the status page.
 */
package io.twinua.server.diagnostics;
