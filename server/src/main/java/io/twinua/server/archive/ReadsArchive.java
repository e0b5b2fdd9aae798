package io.twinua.server.archive;

/**
 * Marks a Milo method handler whose call reads the archive (SQLite): the station serves such a
 * call on its archive-read threads, not on Milo's service executor.
 */
public interface ReadsArchive {}
