/**
 * The station's status page: a read-only page for a plant engineer's browser, served by the JDK's
 * own HTTP server (no extra library on a station, nothing fetched from the internet), fed by the
 * station's diagnostics JSON. The only HTTP server in {@code server/}.
 */
package io.twinua.server.web;
