package io.twinua.server.config;

import java.nio.file.Path;

/**
 * What belongs to one computer of the pair. Made by {@link StationLoader#load(Path)}; paths are
 * absolute.
 *
 * @param name station (computer) name, shown as {@code @LocalMachineName}
 * @param projectFile the project this station runs
 * @param dataDir archives, PKI and logs
 * @param hostname used in endpoint URLs and the certificate SAN
 * @param applicationUri the server's application URI (default {@code urn:twinua:station:<name>})
 * @param sourceFile the station file itself
 */
public record StationConfig(
    String name,
    Path projectFile,
    Path dataDir,
    String bindAddress,
    String hostname,
    int port,
    String applicationUri,
    Path sourceFile) {}
