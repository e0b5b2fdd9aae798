package io.twinua.server.config;

import java.time.Duration;

/**
 * How failed username logins slow down the next attempt (the project's {@code security:} keys).
 * After {@code userFailures} failed logins for one user name (or {@code addressFailures} from one
 * client address) every further attempt waits {@code delay}, doubled with each further failure up
 * to {@code maxDelay}; an attempt within the wait is refused at once, without looking at the
 * password. A user or address without a failure for {@link #forgetAfter()} starts afresh; a
 * successful login clears the user's count (not the address's: an attacker with one valid login
 * must not reset it).
 */
public record LoginThrottleSettings(int userFailures, int addressFailures, Duration delay, Duration maxDelay) {

  public static final int DEFAULT_USER_FAILURES = 3;
  public static final int DEFAULT_ADDRESS_FAILURES = 10;
  public static final Duration DEFAULT_DELAY = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);

  public static final LoginThrottleSettings DEFAULT =
      new LoginThrottleSettings(DEFAULT_USER_FAILURES, DEFAULT_ADDRESS_FAILURES, DEFAULT_DELAY, DEFAULT_MAX_DELAY);

  public LoginThrottleSettings {
    if (userFailures < 1 || addressFailures < 1 || delay.isNegative() || delay.isZero() || maxDelay.compareTo(delay) < 0) {
      throw new IllegalArgumentException("login throttle needs at least 1 failure, a positive delay and a maximum "
          + "not below it: " + userFailures + ", " + addressFailures + ", " + delay + ", " + maxDelay);
    }
  }

  /** The wait after {@code failures} failed logins where {@code free} are allowed without one. */
  public Duration waitAfter(int failures, int free) {
    if (failures < free) {
      return Duration.ZERO;
    }
    int doublings = Math.min(failures - free, 30);
    long millis = Math.min(delay.toMillis() << doublings, maxDelay.toMillis());
    return Duration.ofMillis(millis);
  }

  /** Quiet time after which a user's or address's failures are forgotten: ten longest waits. */
  public Duration forgetAfter() {
    return maxDelay.multipliedBy(10);
  }
}
