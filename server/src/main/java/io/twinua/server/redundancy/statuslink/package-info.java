/**
 * Status connection of a redundant pair (redundancy-behaviour.md §1): extra channels that carry
 * only the {@link io.twinua.server.redundancy.Heartbeat}, so Master/Standby is decided exactly even
 * when the terminal bus is gone. {@link io.twinua.server.redundancy.statuslink.UdpStatusLink} runs
 * over a second network interface, {@link io.twinua.server.redundancy.statuslink.SerialStatusLink}
 * over a null-modem cable; both share {@link io.twinua.server.redundancy.statuslink.StatusLink}'s
 * lifecycle, UP/DOWN decision and counters. The station's redundancy manager sends on every link
 * once per heartbeat period. Each link says UP/DOWN on its own: DOWN after the station's link
 * timeout without a valid frame from the partner, UP on the next one. Links are built by
 * {@link io.twinua.server.redundancy.StationRedundancy} from the station file.
 */
package io.twinua.server.redundancy.statuslink;
