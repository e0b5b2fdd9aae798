/**
 * Archive synchronisation between the two stations of a pair ("sync moves data"): after an outage
 * the gap in this station's archives is read from the partner over the partner link (OPC UA
 * HistoryRead as the PARTNER role) and written through the archive's idempotent bulk path.
 *
 * <p>Gaps come from what this station knows itself ({@link io.twinua.server.sync.GapLedger}): its
 * own down time (the last value in its archive at start-up), its own process-connection faults,
 * the partner outages it saw, and windows handed in by others ({@link
 * io.twinua.server.sync.GapSync#resync}). Never imports the
 * station; redundancy never imports sync (the station wires the partner link's events here).
 */
package io.twinua.server.sync;
