package io.twinua.server.redundancy;

import io.twinua.server.redundancy.RedundancyEvent.Kind;

/** The channels between the two stations; each carries the same heartbeat. */
public enum LinkId {
  /** The normal network, also used for archive sync: the partner link (OPC UA client). */
  TERMINAL_BUS(Kind.MAIN_CONNECTION_INTERRUPTED, Kind.MAIN_CONNECTION_READY),
  /** Status connection over a second network interface (UDP). */
  STATUS_LAN(Kind.RESERVE_CONNECTION_FAILED, Kind.RESERVE_CONNECTION_READY),
  /** Status connection over a serial null-modem cable. */
  SERIAL(Kind.SERIAL_LINK_LOST, Kind.SERIAL_LINK_RESTORED);

  private final Kind lost;
  private final Kind restored;

  LinkId(Kind lost, Kind restored) {
    this.lost = lost;
    this.restored = restored;
  }

  public Kind lostEvent() {
    return lost;
  }

  public Kind restoredEvent() {
    return restored;
  }
}
