package io.twinua.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.config.LoginThrottleSettings;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 12 item 2: failed logins cost a growing wait, per user and per client address. */
class LoginThrottleTest {

  private final LoginThrottleSettings settings = LoginThrottleSettings.DEFAULT;
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final List<String> reports = new ArrayList<>();
  private final LoginThrottle throttle = new LoginThrottle(settings, nanos::get, reports::add);

  @Test
  void afterTenFailuresOneUserGetsOneAttemptPerMaximumWait() throws Exception {
    InetAddress client = InetAddress.getByName("192.0.2.7");
    for (int i = 0; i < 10; i++) {
      throttle.failed("engineer", client);
    }
    Duration wait = throttle.waitFor("engineer", InetAddress.getByName("192.0.2.8")).orElseThrow();
    // failures 3..10 double the first delay 1 s → 128 s, held at the 30 s maximum
    assertEquals(settings.waitAfter(10, settings.userFailures()), wait);
    assertEquals(Duration.ofMillis(settings.maxDelayMs()), wait);
    System.out.printf("after 10 failures one user may try %.3f times per second%n", 1_000.0 / wait.toMillis());
    advance(wait.minusMillis(1));
    assertTrue(throttle.waitFor("engineer", InetAddress.getByName("192.0.2.8")).isPresent());
    advance(Duration.ofMillis(1));
    assertEquals(Optional.empty(), throttle.waitFor("engineer", InetAddress.getByName("192.0.2.8")));
  }

  @Test
  void theWaitStartsAfterTheFreeFailuresAndDoubles() throws Exception {
    InetAddress client = InetAddress.getByName("192.0.2.7");
    for (int i = 1; i < settings.userFailures(); i++) {
      throttle.failed("olivia", client);
      assertEquals(Optional.empty(), throttle.waitFor("olivia", client), "failure " + i + " is free");
    }
    throttle.failed("olivia", client);
    assertEquals(Optional.of(Duration.ofMillis(settings.delayMs())), throttle.waitFor("olivia", client));
    advance(Duration.ofMillis(settings.delayMs()));
    throttle.failed("olivia", client);
    assertEquals(Optional.of(Duration.ofMillis(settings.delayMs()).multipliedBy(2)), throttle.waitFor("olivia", client));
    assertEquals(Optional.empty(), throttle.waitFor("erik", client), "another user from the same client");
  }

  @Test
  void oneAddressGuessingManyUsersWaitsToo() throws Exception {
    InetAddress guesser = InetAddress.getByName("192.0.2.66");
    for (int i = 0; i < settings.addressFailures(); i++) {
      throttle.failed("user" + i, guesser);
    }
    assertTrue(throttle.waitFor("someone-new", guesser).isPresent(), "the address waits");
    assertEquals(Optional.empty(), throttle.waitFor("someone-new", InetAddress.getByName("192.0.2.1")));
    assertTrue(reports.stream().anyMatch(r -> r.startsWith("client address 192.0.2.66: " + settings.addressFailures())),
        "reported: " + reports);
  }

  @Test
  void successClearsTheUserAndQuietTimeForgetsFailures() throws Exception {
    InetAddress client = InetAddress.getByName("192.0.2.7");
    for (int i = 0; i < settings.userFailures(); i++) {
      throttle.failed("olivia", client);
    }
    advance(Duration.ofMillis(settings.delayMs()));
    throttle.succeeded("olivia");
    throttle.failed("olivia", client);
    assertEquals(Optional.empty(), throttle.waitFor("olivia", client), "counting starts afresh after a login");
    for (int i = 0; i < settings.userFailures(); i++) {
      throttle.failed("erik", client);
    }
    advance(settings.forgetAfter().plusSeconds(1));
    throttle.failed("erik", client);
    assertEquals(Optional.empty(), throttle.waitFor("erik", client), "old failures forgotten");
    assertEquals(1, reports.stream().filter(r -> r.startsWith("user 'erik'")).count(), "reported once: " + reports);
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }
}
