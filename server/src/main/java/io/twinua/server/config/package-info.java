/**
 * Project and station files (YAML), parsed once into immutable records. The project file is the
 * same on both stations of a pair ({@link io.twinua.server.config.ProjectLoader}, {@link
 * io.twinua.server.config.ProjectDigest}); the station file holds what belongs to one computer
 * ({@link io.twinua.server.config.StationLoader}). Every bad value is refused at load time with a
 * {@link io.twinua.server.config.ConfigException} naming the file and the key.
 */
package io.twinua.server.config;
