package io.twinua.server.archive;

/**
 * The one failure type of the archive. Unchecked because almost every archive call touches the
 * database; the {@link Reason} lets callers map a failure onto an OPC UA status or an operator
 * message without parsing text. Messages always name the file, archive, record or field concerned.
 */
public final class ArchiveException extends RuntimeException {

  /** What went wrong, coarsely enough for a caller to react differently. */
  public enum Reason {
    /** The file exists but is not a TwinUA archive of this schema version (never touched). */
    NOT_AN_ARCHIVE,
    /** The file is a TwinUA archive but damaged (quick_check failed, truncated). */
    DAMAGED,
    /** Another archive instance (this or another process) has the file open. */
    IN_USE,
    /** A record or field failed validation against its configured definition. */
    INVALID_DATA,
    /** A record asked for by key does not exist. */
    NOT_FOUND,
    /** A record to be added exists already. */
    ALREADY_EXISTS,
    /** A cursor or argument does not fit the request it was used with. */
    INVALID_REQUEST,
    /** SQLite or the file system failed while reading or writing. */
    STORAGE,
    /** The archive was used after {@code close()}. */
    CLOSED
  }

  private final Reason reason;

  public ArchiveException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public ArchiveException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
