package io.twinua.switcher;

import org.eclipse.milo.opcua.stack.core.types.enumerated.MonitoringMode;

/**
 * How the data subscription waits on the backup servers (Part 4 §6.6.2.4.5, Table 111).
 * Whatever the mode, the gap of a switch is read from the new server's history.
 */
public enum FailoverMode {
  /** Nothing on the backups: the subscription is created on the new server at failover. */
  COLD(null),
  /** Subscription and items exist on the backups, Disabled; failover turns them to Reporting. */
  WARM(MonitoringMode.Disabled),
  /** The backups already sample into the item queues; failover turns Reporting on and the queues flush. */
  HOT(MonitoringMode.Sampling);

  private final MonitoringMode standby;

  FailoverMode(MonitoringMode standby) {
    this.standby = standby;
  }

  /** The monitoring mode of the items on a backup server (null: no items there). */
  MonitoringMode standbyMode() {
    return standby;
  }
}
