package io.twinua.server.redundancy;

import java.time.Instant;
import java.util.Optional;

/**
 * One link as this station sees it.
 *
 * @param up a valid heartbeat arrived on it within the link timeout
 * @param lastHeartbeatAt when the last valid heartbeat arrived, empty if never
 * @param changedAt when it last went UP or DOWN, empty if never UP
 */
public record LinkStatus(LinkId link, boolean up, Optional<Instant> lastHeartbeatAt, Optional<Instant> changedAt) {}
