package io.twinua.server.messages;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The redundancy system messages with the numbers operators of classic HMI/SCADA server pairs know
 * (redundancy-behaviour.md §9). Texts are the catalogue texts; the variable part (a reason, a
 * number of seconds, an archive name) goes into the detail of {@link SystemMessages#raise}.
 */
public enum SystemMessage {
  PARTNER_STATION_FAILURE(1012200, "Partner station failure", Kind.FAILURE),
  PARTNER_STATION_BACK_ONLINE(1012201, "Partner station back online", Kind.RESTORATION),
  PROJECTS_NOT_EQUIVALENT(1012202, "Projects not functionally equivalent", Kind.FAILURE),
  ARCHIVE_SYNC_FAILURE(1012203, "Archive synchronisation failure", Kind.FAILURE),
  REDUNDANCY_INTERNAL_FAILURE(1012204, "Redundancy internal failure", Kind.FAILURE),
  PARTNER_CONNECTION_FAILED(1012205, "Connection to partner failed", Kind.FAILURE),
  PARTNER_CONNECTION_RESTORED(1012206, "Connection to partner restored", Kind.RESTORATION),
  PARTNER_RUNTIME_NOT_STARTED(1012207, "Partner server runtime not started", Kind.FAILURE),
  ARCHIVE_SYNC_STARTED(1012208, "Archive synchronisation started", Kind.INFO),
  ARCHIVE_SYNC_FINISHED(1012209, "Archive synchronisation finished", Kind.INFO),
  USER_ARCHIVE_SYNCHRONISED(1012214, "User archive synchronised", Kind.INFO),
  USER_ARCHIVE_SYNC_COMPLETE(1012215, "User archive synchronisation complete", Kind.INFO),
  SYNC_INTERRUPTED(1012216, "Synchronisation interrupted", Kind.FAILURE),
  PARTNER_PROJECT_NOT_ACTIVATED(1012217, "Partner project not activated", Kind.FAILURE),
  CLIENT_SWITCHED_AUTOMATICALLY(1012218, "Client switched automatically", Kind.INFO),
  CLIENT_SWITCHED_MANUALLY(1012219, "Client switched manually", Kind.INFO),
  USER_ARCHIVE_SYNC_NOT_READY(
      1012220, "Synchronisation not ready for all user archives", Kind.FAILURE),
  USER_ARCHIVE_SYNC_READY(1012221, "Synchronisation ready for all user archives", Kind.RESTORATION),
  MAIN_CONNECTION_INTERRUPTED(1012222, "Main connection interrupted", Kind.FAILURE),
  MAIN_CONNECTION_READY(1012223, "Main connection ready", Kind.RESTORATION),
  RESERVE_CONNECTION_FAILED(1012224, "Reserve connection failed", Kind.FAILURE),
  RESERVE_CONNECTION_READY(1012225, "Reserve connection ready", Kind.RESTORATION),
  PARTNER_PROJECT_ACTIVATED(1012226, "Partner project activated", Kind.RESTORATION),
  PARTNER_NOT_A_SERVER(1012227, "Partner computer is not a server", Kind.FAILURE),
  FAILURE_TRIGGERED_SWITCHOVER(1012240, "Failure triggered switchover", Kind.FAILURE),
  SWITCH_TO_STATUS(1012241, "Switch to status", Kind.INFO),
  ONLINE_SYNC_OVERLOAD(1012244, "Overload during online sync of messages", Kind.FAILURE),
  SERIAL_STATUS_LINK_LOST(1012245, "Serial status link lost", Kind.FAILURE),
  SERIAL_STATUS_LINK_RESTORED(1012246, "Serial status link restored", Kind.RESTORATION),
  NETWORK_ADAPTER_LINK_LOST(1012349, "Network adapter link lost", Kind.FAILURE),
  ARCHIVE_INCONSISTENCY_POSSIBLE(
      1012350, "Possible inconsistency of the archive databases", Kind.FAILURE),
  BLOCKAGE_SWITCH_TO_FAULT(1012351, "System blockage detected, switch to Fault", Kind.FAULT),
  BLOCKAGE_RESTART_REQUIRED(
      1012352, "System blockage detected, restart as soon as possible", Kind.FAULT),
  FAULT_PARTNER_NOT_AVAILABLE(1012353, "Fault, but partner not available", Kind.FAULT),
  FAULT_ISOLATION_NOT_ACTIVATED(1012354, "Fault, but server isolation not activated", Kind.FAULT),
  FAULT_ISOLATION_BLOCKED(1012355, "Fault, isolation blocked (reason)", Kind.FAULT),
  FAULT_SERVER_ISOLATED(1012356, "Fault, server isolated", Kind.FAULT),
  FAULT_AUTO_RESTART_NOT_ACTIVATED(1012357, "Fault, automatic restart not activated", Kind.FAULT),
  RESTART_DISABLED(1012359, "Restart disabled (reason)", Kind.FAILURE),
  RESTART_CANCELLED_TOO_SOON(
      1012360, "Restart cancelled, previous restart less than N s ago", Kind.FAILURE),
  RESTART_CANCELLED_TOO_MANY(
      1012361, "Restart cancelled, too many restarts in window", Kind.FAILURE),
  SERVER_WILL_RESTART(1012362, "Server will restart in N s", Kind.FAILURE),
  REPEATED_LOGIN_FAILURES(1012370, "Repeated failed logins", Kind.FAILURE),
  SESSIONS_REFUSED(1012371, "Sessions refused for lack of room", Kind.FAILURE);

  /** What kind of news a message is; gives its default severity and log level. */
  public enum Kind {
    /** The server itself is in Fault or blocked. */
    FAULT(900),
    /** Something failed or was lost. */
    FAILURE(800),
    /** Something that failed works again. */
    RESTORATION(300),
    /** For the record. */
    INFO(200);

    private final int severity;

    Kind(int severity) {
      this.severity = severity;
    }

    public int severity() {
      return severity;
    }
  }

  private static final Map<Integer, SystemMessage> BY_NUMBER =
      Arrays.stream(values()).collect(Collectors.toMap(SystemMessage::number, Function.identity()));

  private final int number;
  private final String text;
  private final Kind kind;

  SystemMessage(int number, String text, Kind kind) {
    this.number = number;
    this.text = text;
    this.kind = kind;
  }

  public int number() {
    return number;
  }

  public String text() {
    return text;
  }

  public Kind kind() {
    return kind;
  }

  /** Default OPC UA severity: faults 900, failures 800, restorations 300, info 200. */
  public int severity() {
    return kind.severity();
  }

  /**
   * The operator line: {@code [1012200] Partner station failure: <detail>} (no ": " without
   * detail).
   */
  public String format(String detail) {
    String head = "[" + number + "] " + text;
    return detail == null || detail.isBlank() ? head : head + ": " + detail;
  }

  public static Optional<SystemMessage> byNumber(int number) {
    return Optional.ofNullable(BY_NUMBER.get(number));
  }
}
