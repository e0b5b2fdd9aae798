package io.twinua.server.health.restart;

import io.twinua.server.messages.SystemMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether the station restarts as a whole (behaviour doc §6): each decision is one
 * system message, a go included, so the operator always learns why the station did or did not
 * restart. Pure: the caller gives the time, the history and what it knows of the pair.
 */
public final class RestartPolicy {

  /** Who asks for the restart. */
  public enum Cause {
    /** The health check found a dead part; the station is in Fault. */
    FAULT,
    /** An engineer asked (the {@code @Station.Restart} method, e.g. during a rolling change). */
    REQUEST,
    /** The station process died; its supervisor asks. Nothing is left to take down. */
    CRASH
  }

  /**
   * What the station knows when it decides.
   *
   * @param supervised a supervisor starts the station again when it exits for a restart
   * @param inPair the station has a partner configured
   * @param partnerServing the partner is reachable and healthy, so clients have a server meanwhile
   */
  public record Situation(boolean supervised, boolean inPair, boolean partnerServing) {
    public static final Situation CRASHED = new Situation(true, false, false);
  }

  /** The decision: its message (and detail), and whether the station restarts. */
  public record Decision(SystemMessage message, String detail, boolean restart) {
    public String text() {
      return message.format(detail);
    }
  }

  private final RestartSettings settings;

  public RestartPolicy(RestartSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public RestartSettings settings() {
    return settings;
  }

  /**
   * @param history earlier restarts, any order
   * @param reason why a restart is wanted, for the messages
   */
  public Decision decide(Cause cause, String reason, Instant now, List<Instant> history, Situation situation) {
    if (cause != Cause.REQUEST && !settings.auto()) {
      return no(SystemMessage.FAULT_AUTO_RESTART_NOT_ACTIVATED, reason + "; restart: auto is false in the station file");
    }
    if (cause != Cause.CRASH) {
      if (!situation.supervised()) {
        return no(SystemMessage.RESTART_DISABLED,
            "no supervisor would start the station again (run it with tools/twinua station); " + reason);
      }
      if (situation.inPair() && !situation.partnerServing()) {
        // the partner cannot take the clients: a restart would leave them without any server
        return no(SystemMessage.FAULT_PARTNER_NOT_AVAILABLE, "no restart while the partner cannot serve; " + reason);
      }
    }
    Instant last = history.stream().max(Instant::compareTo).orElse(null);
    if (last != null && Duration.between(last, now).compareTo(settings.minInterval()) < 0) {
      return no(SystemMessage.RESTART_CANCELLED_TOO_SOON, "previous restart " + Duration.between(last, now).toSeconds()
          + " s ago, less than " + settings.minInterval().toSeconds() + " s; " + reason);
    }
    Instant windowStart = now.minus(settings.window());
    long inWindow = history.stream().filter(t -> t.isAfter(windowStart)).count();
    if (inWindow >= settings.maxRestarts()) {
      return no(SystemMessage.RESTART_CANCELLED_TOO_MANY, inWindow + " restarts in the last "
          + settings.window().toSeconds() + " s, at most " + settings.maxRestarts() + "; " + reason);
    }
    return new Decision(SystemMessage.SERVER_WILL_RESTART,
        settings.delay().toSeconds() + " s (" + cause.name().toLowerCase(java.util.Locale.ROOT) + ": " + reason + ")",
        true);
  }

  private static Decision no(SystemMessage message, String detail) {
    return new Decision(message, detail, false);
  }
}
