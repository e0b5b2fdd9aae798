package io.twinua.server.redundancy;

import java.time.Instant;
import java.util.Objects;

/**
 * Something the pair's operators must learn about: a role change, a lost or restored link, a
 * partner failure. Each kind carries its system message number (redundancy-behaviour §9), 0 for
 * plain information. Events that do not change the role have {@code oldRole == newRole}.
 *
 * @param time when this station noticed it
 * @param detail human-readable reason, with station names and times
 * @param epoch this station's epoch after the event
 */
public record RedundancyEvent(
    Kind kind, Instant time, String detail, RedundancyRole oldRole, RedundancyRole newRole, long epoch) {

  public enum Kind {
    PARTNER_FAILURE(1012200, true),
    PARTNER_BACK(1012201, false),
    PROJECTS_NOT_EQUIVALENT(1012202, true),
    /** Start-up ended without ever hearing the partner. */
    CONNECTION_TO_PARTNER_FAILED(1012205, true),
    /** The partner was heard for the first time after a start-up without it. */
    CONNECTION_TO_PARTNER_RESTORED(1012206, false),
    /** An operator's {@code @RM_MASTER} write was accepted on this station. */
    SWITCHED_MANUALLY(1012219, false),
    MAIN_CONNECTION_INTERRUPTED(1012222, true),
    MAIN_CONNECTION_READY(1012223, false),
    RESERVE_CONNECTION_FAILED(1012224, true),
    RESERVE_CONNECTION_READY(1012225, false),
    /** This station went to Fault (process connections or health check). */
    FAILURE_TRIGGERED_SWITCHOVER(1012240, true),
    /** Automatic change between Master and Standby (partner lost or in Fault, two Masters, recovery). */
    SWITCH_TO_STATUS(1012241, false),
    SERIAL_LINK_LOST(1012245, true),
    SERIAL_LINK_RESTORED(1012246, false),
    /** Fault found by the health check while no partner can take over. */
    FAULT_PARTNER_NOT_AVAILABLE(1012353, true),
    /** A role decided at start-up or by configuration (Standalone). */
    ROLE_CHANGED(0, false),
    /** An operator's switch request was refused or not carried out in time. */
    SWITCH_REQUEST_REFUSED(0, true);

    private final int messageNumber;
    private final boolean problem;

    Kind(int messageNumber, boolean problem) {
      this.messageNumber = messageNumber;
      this.problem = problem;
    }

    /** System message number, 0 when this is information without a number. */
    public int messageNumber() {
      return messageNumber;
    }

    /** True for failures (logged at WARN), false for recoveries and information. */
    public boolean problem() {
      return problem;
    }
  }

  public RedundancyEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(oldRole, "oldRole");
    Objects.requireNonNull(newRole, "newRole");
  }

  public int messageNumber() {
    return kind.messageNumber();
  }

  public boolean roleChanged() {
    return oldRole != newRole;
  }
}
