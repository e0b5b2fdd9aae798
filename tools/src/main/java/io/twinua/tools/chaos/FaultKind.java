package io.twinua.tools.chaos;

import java.util.Arrays;
import java.util.Locale;

/** The faults the harness can make on a {@link io.twinua.tools.pairlab.LoopbackPair}. */
enum FaultKind {
  /** SIGKILL of one station, started again when the fault heals. */
  KILL("kill -9"),
  /** Both terminal-bus proxies swallow every byte (no FIN, no RST). */
  TERMINAL_BUS_CUT("terminal bus silent cut"),
  /** The UDP status LAN drops every datagram. */
  STATUS_LAN_CUT("status LAN cut"),
  /** One station's connection to one automation station is cut. */
  AS_CUT("AS cut"),
  /**
   * One station's archive volume (a small tmpfs) is filled to the last byte; the filler is removed
   * at the heal, and a station that went to Fault for it is restarted as its operator would.
   */
  DISK_FULL("full archive volume"),
  /** One station's wall clock (libfaketime) steps by the planned amount and back at the heal. */
  CLOCK_STEP("clock step"),
  /** The serial status link's cable (a socat pty pair) is killed and started again at the heal. */
  SERIAL_CUT("serial status link cut");

  final String label;

  FaultKind(String label) {
    this.label = label;
  }

  /** Whether the fault hits one station only (which one is part of the plan). */
  boolean oneStation() {
    return this == KILL || this == AS_CUT || this == DISK_FULL || this == CLOCK_STEP;
  }

  /** The name on the command line, e.g. {@code disk-full}. */
  String option() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The kind named {@code option} on the command line. */
  static FaultKind ofOption(String option) {
    return Arrays.stream(values()).filter(k -> k.option().equals(option)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no fault kind '" + option + "'; known: "
            + Arrays.stream(values()).map(FaultKind::option).toList()));
  }
}
