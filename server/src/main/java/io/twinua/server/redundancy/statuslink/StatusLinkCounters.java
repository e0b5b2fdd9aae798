package io.twinua.server.redundancy.statuslink;

/**
 * A snapshot of a link's frame counters (since start), for diagnostics.
 *
 * @param sent heartbeats handed to the line (datagram sent / bytes written)
 * @param received valid heartbeats from the partner station
 * @param rejected things that arrived but were not a heartbeat of the partner: datagrams from a
 *     stranger address, frames of another station, corrupt frames; on a serial line one contiguous
 *     run of garbage bytes counts once
 * @param sendFailed heartbeats not handed to the line: socket error, serial port not open, or
 *     superseded by a newer one while the serial line was stalled
 */
public record StatusLinkCounters(long sent, long received, long rejected, long sendFailed) {}
