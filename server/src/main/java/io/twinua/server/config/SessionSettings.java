package io.twinua.server.config;

/**
 * The project file's {@code sessions:} section: how many client sessions a station holds and how
 * many of them only secured clients may take. Sessions on SecurityPolicy None channels (anonymous
 * viewers; no trusted certificate needed) share {@code maxSessions - reservedSessions} places and
 * at most {@code maxUnsecuredPerClient} per client address, so a flood of them leaves room for the
 * partner station and for operators on secured endpoints (issue 12 item 1). A session that is
 * dropped without being closed holds its place until its timeout: {@code maxSessionTimeoutS}
 * bounds how long a place stays taken after its client is gone.
 *
 * @param maxSessions sessions in all (created and active)
 * @param reservedSessions places only sessions on secured channels may take
 * @param maxUnsecuredPerClient sessions on SecurityPolicy None from one client address
 * @param maxSessionTimeoutS longest session timeout a client gets (longer requests are revised down)
 */
public record SessionSettings(int maxSessions, int reservedSessions, int maxUnsecuredPerClient, int maxSessionTimeoutS) {

  public static final int DEFAULT_MAX_SESSIONS = 100;
  public static final int DEFAULT_RESERVED_SESSIONS = 20;
  public static final int DEFAULT_MAX_UNSECURED_PER_CLIENT = 50;
  public static final int DEFAULT_MAX_SESSION_TIMEOUT_S = 120;
  /** Milo never revises a session timeout below 5 s. */
  public static final int MIN_SESSION_TIMEOUT_S = 5;

  public static final SessionSettings DEFAULT = new SessionSettings(DEFAULT_MAX_SESSIONS, DEFAULT_RESERVED_SESSIONS,
      DEFAULT_MAX_UNSECURED_PER_CLIENT, DEFAULT_MAX_SESSION_TIMEOUT_S);

  public SessionSettings {
    if (maxSessions < 2 || reservedSessions < 1 || reservedSessions >= maxSessions || maxUnsecuredPerClient < 1
        || maxSessionTimeoutS < MIN_SESSION_TIMEOUT_S) {
      throw new IllegalArgumentException("sessions: need 1 <= reservedSessions (" + reservedSessions
          + ") < maxSessions (" + maxSessions + "), maxUnsecuredPerClient >= 1 (" + maxUnsecuredPerClient
          + ") and maxSessionTimeoutS >= 5 (" + maxSessionTimeoutS + ")");
    }
  }

  /** Places sessions on SecurityPolicy None channels may take together. */
  public int unsecuredPlaces() {
    return maxSessions - reservedSessions;
  }
}
