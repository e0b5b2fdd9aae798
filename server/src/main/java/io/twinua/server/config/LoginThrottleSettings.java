package io.twinua.server.config;

import java.time.Duration;

/**
 * How failed username logins slow down the next attempt (the project's {@code security:} keys).
 * After {@code userFailures} failed logins for one user name (or {@code addressFailures} from one
 * client address) every further attempt waits {@code delayMs}, doubled with each further failure
 * up to {@code maxDelayMs}; an attempt within the wait is refused at once, without looking at the
 * password. A user or address without a failure for {@link #forgetAfter()} starts afresh; a
 * successful login clears the user's count (not the address's: an attacker with one valid login
 * must not reset it).
 */
public record LoginThrottleSettings(int userFailures, int addressFailures, int delayMs, int maxDelayMs) {

  public static final int DEFAULT_USER_FAILURES = 3;
  public static final int DEFAULT_ADDRESS_FAILURES = 10;
  public static final int DEFAULT_DELAY_MS = 1_000;
  public static final int DEFAULT_MAX_DELAY_MS = 30_000;

  public static final LoginThrottleSettings DEFAULT =
      new LoginThrottleSettings(DEFAULT_USER_FAILURES, DEFAULT_ADDRESS_FAILURES, DEFAULT_DELAY_MS, DEFAULT_MAX_DELAY_MS);

  public LoginThrottleSettings {
    if (userFailures < 1 || addressFailures < 1 || delayMs < 1 || maxDelayMs < delayMs) {
      throw new IllegalArgumentException("login throttle needs at least 1 failure, a positive delay and a maximum "
          + "not below it: " + userFailures + ", " + addressFailures + ", " + delayMs + " ms, " + maxDelayMs + " ms");
    }
  }

  /** The wait after {@code failures} failed logins where {@code free} are allowed without one. */
  public Duration waitAfter(int failures, int free) {
    if (failures < free) {
      return Duration.ZERO;
    }
    int doublings = Math.min(failures - free, 30);
    return Duration.ofMillis(Math.min((long) delayMs << doublings, maxDelayMs));
  }

  /** Quiet time after which a user's or address's failures are forgotten: ten longest waits. */
  public Duration forgetAfter() {
    return Duration.ofMillis(maxDelayMs * 10L);
  }
}
