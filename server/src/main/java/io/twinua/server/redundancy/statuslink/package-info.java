/**
 * Status connection of a redundant pair (redundancy-behaviour.md §1): extra channels that carry
 * only the {@link io.twinua.server.redundancy.Heartbeat}, so Master/Standby is decided exactly even
 * when the terminal bus is gone. {@link io.twinua.server.redundancy.statuslink.UdpStatusLink} runs
 * over a second network interface, {@link io.twinua.server.redundancy.statuslink.SerialStatusLink}
 * over a null-modem cable; {@link io.twinua.server.redundancy.statuslink.HeartbeatSender} feeds
 * both. Each link says UP/DOWN on its own: DOWN after {@code timeoutMs} without a valid frame from
 * the partner, UP on the next one.
 */
package io.twinua.server.redundancy.statuslink;
