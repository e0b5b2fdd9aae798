package io.twinua.switcher;

import java.util.Objects;

/**
 * Which server a client wants (redundancy behaviour §7). On a generic OPC UA server set the
 * Master is the Healthy server with the highest ServiceLevel (a healthy Master ranks above a
 * healthy Standby), a Standby any other Healthy server.
 *
 * @param kind what the client prefers
 * @param serverUri the named server's application URI ({@link Kind#SERVER} only)
 */
public record Preference(Kind kind, String serverUri) {

  public enum Kind {
    /** Stay with the current server while it is Healthy, even after another returns. */
    NONE,
    /** Always the Master, wherever it is. */
    MASTER,
    /** A Standby while one is Healthy (spreads HMI load off the Master). */
    STANDBY,
    /** One named server. */
    SERVER
  }

  public Preference {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.SERVER) != (serverUri != null && !serverUri.isBlank())) {
      throw new IllegalArgumentException("a server URI goes with, and only with, a SERVER preference");
    }
  }

  public static Preference none() {
    return new Preference(Kind.NONE, null);
  }

  public static Preference master() {
    return new Preference(Kind.MASTER, null);
  }

  public static Preference standby() {
    return new Preference(Kind.STANDBY, null);
  }

  public static Preference server(String serverUri) {
    return new Preference(Kind.SERVER, serverUri);
  }

  @Override
  public String toString() {
    return kind == Kind.SERVER ? serverUri : kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
