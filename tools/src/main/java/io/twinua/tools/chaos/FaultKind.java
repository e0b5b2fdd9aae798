package io.twinua.tools.chaos;

/** The faults the harness can make on a {@link io.twinua.tools.pairlab.LoopbackPair}. */
enum FaultKind {
  /** SIGKILL of one station, started again when the fault heals. */
  KILL("kill -9"),
  /** Both terminal-bus proxies swallow every byte (no FIN, no RST). */
  TERMINAL_BUS_CUT("terminal bus silent cut"),
  /** The UDP status LAN drops every datagram. */
  STATUS_LAN_CUT("status LAN cut"),
  /** One station's connection to one automation station is cut. */
  AS_CUT("AS cut");

  final String label;

  FaultKind(String label) {
    this.label = label;
  }

  /** Whether the fault hits one station only (which one is part of the plan). */
  boolean oneStation() {
    return this == KILL || this == AS_CUT;
  }
}
