/**
 * The station's archive: one SQLite file (WAL mode) per station with process values (written by
 * {@link io.twinua.server.archive.ValueArchive}, read by {@link
 * io.twinua.server.archive.RawValueReader}), alarm and system messages ({@link
 * io.twinua.server.archive.MessageArchive}), user archives / recipes ({@link
 * io.twinua.server.archive.UserArchives}) and the latest internal-tag values ({@link
 * io.twinua.server.archive.InternalTagStore}), opened through {@link
 * io.twinua.server.archive.ArchiveDatabase#open}.
 *
 * <p>Every write is idempotent on a natural key, so that the archive synchronisation (redundancy
 * behaviour §5, being built) can replay the partner's history into this archive, possibly several
 * times and interrupted, without duplicates: values by (tag, source time), messages by event id, user records by (archive,
 * key) with last-writer-wins on the modification time, internal tags by name with the newer source
 * time winning.
 */
package io.twinua.server.archive;
