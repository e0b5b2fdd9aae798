package io.twinua.server.security;

import io.twinua.server.config.SessionSettings;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;

/**
 * Decides at CreateSession whether a client gets a session (issue 12 item 1). Milo only counts
 * sessions against one cap, so 99 anonymous viewers locked out operators and the partner. Here a
 * session on a SecurityPolicy None channel (no trusted certificate: in practice an anonymous
 * viewer) may only take the unreserved places and at most {@code maxUnsecuredPerClient} per client
 * address; secured channels (the partner, operator HMIs) may take every place up to Milo's cap.
 * Refusals are counted and reported (at most once a minute, with the count since the last report).
 */
public final class SessionAdmission {

  private static final long REPORT_INTERVAL_NANOS = 60_000_000_000L;

  private final SessionSettings settings;
  private final Supplier<List<Session>> sessions;
  private final Consumer<String> report;
  private final LongSupplier nanos;
  private final AtomicLong refused = new AtomicLong();
  private long reported;
  private long lastReport;
  private boolean everReported;

  /**
   * @param sessions the server's sessions, created and active ({@code SessionManager::getAllSessions})
   * @param report takes the detail of a refusal report; called on a Milo service thread, must not block
   */
  public SessionAdmission(SessionSettings settings, Supplier<List<Session>> sessions, Consumer<String> report,
      LongSupplier nanos) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.report = Objects.requireNonNull(report, "report");
    this.nanos = Objects.requireNonNull(nanos, "nanos");
  }

  /** Empty if a session may be created on a channel with {@code policy} from {@code client}; else why not. */
  public Optional<String> refusal(SecurityPolicy policy, InetAddress client) {
    if (policy != SecurityPolicy.None) {
      return Optional.empty(); // Milo's own cap (maxSessions) holds for secured channels
    }
    List<Session> all = sessions.get();
    Optional<String> why;
    if (all.size() >= settings.unsecuredPlaces()) {
      why = Optional.of(all.size() + " of " + settings.maxSessions() + " sessions in use, "
          + settings.reservedSessions() + " kept for secured clients");
    } else if (fromClient(all, client) >= settings.maxUnsecuredPerClient()) {
      why = Optional.of("client " + address(client) + " holds " + settings.maxUnsecuredPerClient()
          + " unsecured sessions");
    } else {
      why = Optional.empty();
    }
    why.ifPresent(this::refused);
    return why;
  }

  /** Sessions refused since start-up. */
  public long refusals() {
    return refused.get();
  }

  private void refused(String why) {
    long total = refused.incrementAndGet();
    long now = nanos.getAsLong();
    String detail;
    synchronized (this) {
      if (everReported && now - lastReport < REPORT_INTERVAL_NANOS) {
        return;
      }
      detail = why + " (" + (total - reported) + " refused since the last report, " + total + " in all)";
      everReported = true;
      lastReport = now;
      reported = total;
    }
    report.accept(detail);
  }

  private static long fromClient(List<Session> all, InetAddress client) {
    return all.stream()
        .filter(s -> s.getSecurityConfiguration() == null
            || s.getSecurityConfiguration().getSecurityPolicy() == SecurityPolicy.None)
        .filter(s -> Objects.equals(s.getClientAddress(), client))
        .count();
  }

  private static String address(InetAddress client) {
    return client == null ? "?" : client.getHostAddress();
  }
}
