package io.twinua.server.redundancy;

/**
 * What this station knows of itself: its process connections and its health check.
 *
 * @param defectiveAs automation stations this station cannot reach now
 * @param totalAs automation stations of the project
 * @param healthy false when the application health check found a monitored part dead or hung
 * @param impaired true while the health check sees a part that works but loses data (a full
 *     archive queue): the station is degraded, not in Fault
 * @param fault what the health check found dead, for the Fault message ("" when healthy or not to
 *     be shown to operators)
 */
public record LocalStatus(int defectiveAs, int totalAs, boolean healthy, boolean impaired, String fault) {

  /** Before the station has reported anything: healthy, no AS. */
  public static final LocalStatus INITIAL = new LocalStatus(0, 0, true, false);

  public LocalStatus(int defectiveAs, int totalAs, boolean healthy, boolean impaired) {
    this(defectiveAs, totalAs, healthy, impaired, "");
  }

  public LocalStatus {
    fault = fault == null ? "" : fault;
    if (totalAs < 0 || defectiveAs < 0 || defectiveAs > totalAs) {
      throw new IllegalArgumentException(
          "local status: defectiveAs must be 0.." + totalAs + " (totalAs), got " + defectiveAs);
    }
  }

  public static LocalStatus healthy(int defectiveAs, int totalAs) {
    return new LocalStatus(defectiveAs, totalAs, true, false);
  }
}
