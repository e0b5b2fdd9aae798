package io.twinua.server.security;

import io.twinua.server.config.LoginThrottleSettings;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Counts failed username logins per user name and per client address and says how long the next
 * attempt must wait (issue 12 item 2). It never sleeps: Milo validates identities on its service
 * threads, so an attempt within the wait is refused at once instead. Repeated failures are
 * reported (a system message) when a user or address first has to wait and each time its count
 * doubles after that.
 */
final class LoginThrottle {

  /** Bound of the table; a flood of made-up user names cannot grow it without limit. */
  private static final int MAX_TRACKED = 10_000;

  private final LoginThrottleSettings settings;
  private final LongSupplier nanos;
  private final Consumer<String> report;
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();

  /** Failures of one user or address; guarded by its own monitor. */
  private static final class Failures {
    int count;
    long lastFailure;
    long waitUntil;
  }

  /**
   * @param nanos monotonic time ({@code System::nanoTime}; tests pass a manual clock)
   * @param report takes the detail of a repeated-failure report; called on the login thread, so
   *     it must hand the work on and not block
   */
  LoginThrottle(LoginThrottleSettings settings, LongSupplier nanos, Consumer<String> report) {
    this.settings = settings;
    this.nanos = nanos;
    this.report = report;
  }

  /** Empty if {@code user} may try now from {@code address}; else how long it must wait. */
  Optional<Duration> waitFor(String user, InetAddress address) {
    long now = nanos.getAsLong();
    long until = Math.max(waitUntil(userKey(user), now), waitUntil(addressKey(address), now));
    return until > now ? Optional.of(Duration.ofNanos(until - now)) : Optional.empty();
  }

  /** A wrong password or unknown user for {@code user} from {@code address}. */
  void failed(String user, InetAddress address) {
    long now = nanos.getAsLong();
    if (failures.size() >= MAX_TRACKED) {
      forgetQuiet(now);
    }
    count(userKey(user), "user '" + LogText.of(user) + "'", settings.userFailures(), now);
    count(addressKey(address), "client address " + (address == null ? "?" : address.getHostAddress()),
        settings.addressFailures(), now);
  }

  /** The right password: the user starts afresh (the address keeps its count). */
  void succeeded(String user) {
    failures.remove(userKey(user));
  }

  private void count(String key, String who, int free, long now) {
    Failures f = failures.computeIfAbsent(key, k -> new Failures());
    int count;
    Duration wait;
    synchronized (f) {
      if (now - f.lastFailure > settings.forgetAfter().toNanos()) {
        f.count = 0;
      }
      f.count++;
      f.lastFailure = now;
      count = f.count;
      wait = settings.waitAfter(count, free);
      f.waitUntil = now + wait.toNanos();
    }
    if (count >= free && Integer.bitCount(count / free) == 1 && count % free == 0) {
      report.accept(who + ": " + count + " failed logins, each further attempt waits up to "
          + wait.toMillis() + " ms");
    }
  }

  private long waitUntil(String key, long now) {
    Failures f = failures.get(key);
    if (f == null) {
      return now;
    }
    synchronized (f) {
      return f.waitUntil;
    }
  }

  private void forgetQuiet(long now) {
    long quiet = settings.forgetAfter().toNanos();
    failures.entrySet().removeIf(e -> {
      synchronized (e.getValue()) {
        return now - e.getValue().lastFailure > quiet || e.getValue().waitUntil <= now;
      }
    });
  }

  private static String userKey(String user) {
    return "user:" + user;
  }

  private static String addressKey(InetAddress address) {
    return "address:" + (address == null ? "?" : address.getHostAddress());
  }
}
