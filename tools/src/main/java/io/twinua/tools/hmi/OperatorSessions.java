package io.twinua.tools.hmi;

import io.twinua.switcher.RedundantClient;
import io.twinua.switcher.ServerHealth;
import io.twinua.switcher.SwitcherConfig;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users logged in at this HMI: each login is the user's own {@link RedundantClient}, a
 * UserName session on the stations, so the station decides what the user may do. The password
 * lives only in that client's memory (for its reconnects) and goes with it at logout or expiry;
 * the browser holds only a random session token.
 */
final class OperatorSessions implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorSessions.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration REFUSAL_CHECK = Duration.ofMillis(300);

  /** One logged-in user. */
  static final class Session {
    private final String user;
    private final RedundantClient client;
    private volatile Instant lastUse;

    private Session(String user, RedundantClient client, Instant now) {
      this.user = user;
      this.client = client;
      this.lastUse = now;
    }

    String user() {
      return user;
    }

    RedundantClient client() {
      return client;
    }
  }

  /** A login the stations did not accept, in words for the page. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  private final BiFunction<String, String, SwitcherConfig> configForUser;
  private final Duration loginTimeout;
  private final Duration idle;
  private final Executor work;
  private final ScheduledExecutorService ticks;
  private final Clock clock;
  private final Map<String, Session> byToken = new ConcurrentHashMap<>();

  /**
   * @param configForUser the switcher configuration of a user's own client (user, password)
   * @param idle a session unused this long ends
   * @param work where blocking client starts and closes run (never a web server thread)
   * @param ticks schedules the checks for a refused login
   */
  OperatorSessions(BiFunction<String, String, SwitcherConfig> configForUser, Duration loginTimeout, Duration idle,
      Executor work, ScheduledExecutorService ticks, Clock clock) {
    this.configForUser = configForUser;
    this.loginTimeout = loginTimeout;
    this.idle = idle;
    this.work = work;
    this.ticks = ticks;
    this.clock = clock;
  }

  /**
   * Logs {@code user} in at the set; completes with the session token, or fails with {@link
   * Refused} as soon as a station refused the identity (the stations share their users), else
   * when no station answered within the login timeout.
   */
  CompletableFuture<String> login(String user, String password) {
    RedundantClient client = RedundantClient.create(configForUser.apply(user, password));
    CompletableFuture<String> answered = new CompletableFuture<>();
    client.start(loginTimeout).whenComplete((server, ex) -> {
      if (ex != null) {
        answered.completeExceptionally(ex);
      } else {
        answered.complete(server);
      }
    });
    // the switcher retries a refused login until its timeout; a wrong password need not wait that long
    ScheduledFuture<?> watch = ticks.scheduleWithFixedDelay(() -> work.execute(() -> {
      if (!answered.isDone() && client.servers().stream().anyMatch(h -> h.lastFault().contains("Bad_UserAccessDenied"))) {
        answered.completeExceptionally(new IllegalStateException("refused"));
      }
    }), REFUSAL_CHECK.toMillis(), REFUSAL_CHECK.toMillis(), TimeUnit.MILLISECONDS);
    return answered.handleAsync((server, ex) -> {
      watch.cancel(false);
      if (ex != null) {
        String why = faults(client);
        client.close();
        LOG.info("login of {} refused: {}", user, why);
        throw new CompletionException(new Refused("login failed: " + why));
      }
      String token = newToken();
      byToken.put(token, new Session(user, client, clock.instant()));
      LOG.info("{} logged in (on {})", user, server);
      return token;
    }, work);
  }

  private static String faults(RedundantClient client) {
    List<ServerHealth> servers = client.servers();
    String text = servers.stream().map(ServerHealth::lastFault).filter(f -> !f.isEmpty()).distinct()
        .collect(Collectors.joining("; "));
    return text.isEmpty() ? "no server of the set answered" : text;
  }

  /** The session of {@code token} if it is still valid; using it keeps it alive. */
  Optional<Session> find(String token) {
    Session s = token == null ? null : byToken.get(token);
    if (s == null) {
      return Optional.empty();
    }
    s.lastUse = clock.instant();
    return Optional.of(s);
  }

  void logout(String token) {
    Session s = token == null ? null : byToken.remove(token);
    if (s != null) {
      LOG.info("{} logged out", s.user);
      work.execute(s.client::close);
    }
  }

  /** Ends sessions unused for longer than the idle time. */
  void expire() {
    Instant oldest = clock.instant().minus(idle);
    byToken.entrySet().removeIf(e -> {
      if (e.getValue().lastUse.isBefore(oldest)) {
        LOG.info("session of {} expired", e.getValue().user);
        work.execute(e.getValue().client::close);
        return true;
      }
      return false;
    });
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public void close() {
    byToken.values().forEach(s -> s.client.close());
    byToken.clear();
  }
}
