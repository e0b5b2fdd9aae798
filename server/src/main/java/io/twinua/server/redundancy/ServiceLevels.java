package io.twinua.server.redundancy;

import java.util.Objects;

/**
 * The one ServiceLevel algorithm both stations use, so that clients can compare the two numbers
 * (OPC UA Part 4 §6.6.2.4.2: Maintenance 0, NoData 1, Degraded 2-199, Healthy 200-255):
 * <ol>
 *   <li>planned maintenance announced → 0;</li>
 *   <li>FAULT or UNDEFINED → 1; also a station whose health check failed (in a pair it is FAULT,
 *       Standalone it has no FAULT role, so its health decides directly);</li>
 *   <li>no defective AS (or no AS at all) and not impaired: MASTER or STANDALONE → 255, STANDBY → 200;</li>
 *   <li>some defective AS, share {@code s = defective / total}, or impaired (the health check sees a
 *       full archive queue; {@code s = 0} if no AS is defective):
 *       {@code degraded = 2 + round(196 × (1 − s))}, i.e. 2..198, for MASTER and STANDALONE, and
 *       {@code max(2, degraded − 1)} for STANDBY, so a degraded Master ranks above a degraded
 *       Standby with the same share, and every degraded station below every healthy one.</li>
 * </ol>
 * An impaired station loses archive data the healthy one keeps, so clients that pick a server by
 * ServiceLevel must see it below a healthy one (redundancy-behaviour §2); it is not in Fault, and its
 * role stays (see {@link RoleMachine}).
 */
public final class ServiceLevels {

  public static final int MAINTENANCE = 0;
  public static final int NO_DATA = 1;
  public static final int HEALTHY_MASTER = 255;
  public static final int HEALTHY_STANDBY = 200;

  private ServiceLevels() {}

  public static int of(RedundancyRole role, LocalStatus status, boolean maintenance) {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(status, "status");
    if (maintenance) {
      return MAINTENANCE;
    }
    if (role == RedundancyRole.FAULT || role == RedundancyRole.UNDEFINED || !status.healthy()) {
      return NO_DATA;
    }
    boolean serving = role == RedundancyRole.MASTER || role == RedundancyRole.STANDALONE;
    boolean noDefectiveAs = status.defectiveAs() == 0 || status.totalAs() == 0;
    if (noDefectiveAs && !status.impaired()) {
      return serving ? HEALTHY_MASTER : HEALTHY_STANDBY;
    }
    double share = noDefectiveAs ? 0 : (double) status.defectiveAs() / status.totalAs();
    int degraded = 2 + (int) Math.round(196 * (1 - share));
    return serving ? degraded : Math.max(2, degraded - 1);
  }
}
