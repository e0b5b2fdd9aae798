package io.twinua.server.redundancy;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a station tells its partner, several times a second, on every link (status links and the
 * terminal bus). The role machine of the receiving station decides from it.
 *
 * @param masterSinceMillis when this station became Master (epoch millis), 0 when not Master
 * @param projectDigest hex digest of the project (both stations must run the same project)
 * @param impaired the sender's health check sees a part losing data (a full archive queue): its
 *     ServiceLevel is degraded, its role unaffected ({@link LocalStatus#impaired()})
 */
public record Heartbeat(
    String station,
    RedundancyRole role,
    long epoch,
    long masterSinceMillis,
    int defectiveAs,
    int totalAs,
    boolean defaultMaster,
    boolean healthy,
    boolean impaired,
    Request request,
    String projectDigest,
    long sequence,
    long sentAtMillis) {

  /** An operator's switch request travelling with the heartbeat ({@code @RM_MASTER} writes). */
  public enum Request {
    NONE,
    /** "I take over as Master": the sender is Master with a higher epoch; the old Master yields. */
    TAKEOVER,
    /** "Please take over": the sender, the Master, wants the Standby to become Master. */
    YIELD
  }

  /** What the sender knows of itself, as its ServiceLevel is computed from it. */
  public LocalStatus localStatus() {
    return new LocalStatus(defectiveAs, totalAs, healthy, impaired);
  }

  public Heartbeat {
    Objects.requireNonNull(station, "station");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(projectDigest, "projectDigest");
    // the wire frame carries the name with a one-byte length
    if (station.isBlank() || station.getBytes(StandardCharsets.UTF_8).length > 255) {
      throw new IllegalArgumentException("station name must be 1..255 bytes in UTF-8: '" + station + "'");
    }
    if (defectiveAs < 0 || totalAs < 0 || defectiveAs > totalAs) {
      throw new IllegalArgumentException("defectiveAs " + defectiveAs + " of totalAs " + totalAs);
    }
  }
}
