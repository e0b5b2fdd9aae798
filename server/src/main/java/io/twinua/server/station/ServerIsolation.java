package io.twinua.server.station;

import io.twinua.server.messages.SystemMessage;
import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.PartnerView;
import io.twinua.server.redundancy.RedundancyRole;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server isolation (behaviour doc §6, messages 1012354-1012356): once the health check has failed
 * (a Fault that only a restart ends), a station configured for it ({@code selfDiagnosis.isolateOnFault})
 * stops serving clients and drops its partner link, so that neither clients nor the partner rely
 * on a server that is known to be broken. Isolating would be worse than the fault when it leaves
 * clients with no server at all, so it waits while the partner is not reachable or not healthy
 * (1012355 with the reason, once per reason) and isolates as soon as the partner can serve.
 * A process-connection Fault ends by itself when the AS comes back and is never isolated.
 *
 * <p>Checks once a second on the scheduler; the isolation itself (unbinding endpoints, closing
 * the partner client) runs on the executor, never on the scheduler.
 */
final class ServerIsolation implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ServerIsolation.class);

  /** What isolating does, in order: show ServiceLevel 0 and drop the partner, then stop serving. */
  interface Actions {
    void dropPartner();

    /** @return sessions closed */
    int stopServing();
  }

  private final boolean configured;
  private final BooleanSupplier faultUntilRestart;
  private final Supplier<Optional<PartnerView>> partner;
  private final Optional<String> partnerName;
  private final Actions actions;
  private final BiConsumer<SystemMessage, String> messages;
  private final Executor executor;
  private boolean decided;
  private String blockedFor;
  private volatile boolean isolated;
  private ScheduledFuture<?> check;

  /**
   * @param partner what the role machine knows of the partner; empty for a Standalone station
   */
  ServerIsolation(boolean configured, BooleanSupplier faultUntilRestart, Supplier<Optional<PartnerView>> partner,
      Optional<String> partnerName, Actions actions, BiConsumer<SystemMessage, String> messages, Executor executor) {
    this.configured = configured;
    this.faultUntilRestart = faultUntilRestart;
    this.partner = partner;
    this.partnerName = partnerName;
    this.actions = actions;
    this.messages = messages;
    this.executor = executor;
  }

  void start(ScheduledExecutorService scheduler) {
    check = scheduler.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
  }

  boolean isolated() {
    return isolated;
  }

  synchronized void check() {
    if (decided || !faultUntilRestart.getAsBoolean()) {
      return;
    }
    if (!configured) {
      decided = true;
      messages.accept(SystemMessage.FAULT_ISOLATION_NOT_ACTIVATED,
          "the station keeps serving clients; set selfDiagnosis.isolateOnFault to isolate it");
      return;
    }
    Optional<String> blocked = blockedBy();
    if (blocked.isPresent()) {
      if (!blocked.get().equals(blockedFor)) {
        blockedFor = blocked.get();
        messages.accept(SystemMessage.FAULT_ISOLATION_BLOCKED, blocked.get());
      }
      return;
    }
    decided = true;
    executor.execute(this::isolate);
  }

  /** Why isolating now would leave clients without a server; empty if the partner can serve them. */
  private Optional<String> blockedBy() {
    Optional<PartnerView> view = partner.get();
    if (view.isEmpty() || partnerName.isEmpty()) {
      return Optional.of("no partner: the station runs Standalone, isolating would leave clients without a server");
    }
    String name = partnerName.get();
    if (!view.get().reachable()) {
      return Optional.of("partner " + name + " not reachable on any link: isolating would leave clients without a server");
    }
    Heartbeat hb = view.get().latest().orElse(null);
    if (hb == null || !hb.healthy() || hb.role() == RedundancyRole.FAULT || hb.role() == RedundancyRole.UNDEFINED) {
      return Optional.of("partner " + name + " cannot serve clients ("
          + (hb == null ? "no heartbeat" : hb.role() + (hb.healthy() ? "" : ", not healthy")) + ")");
    }
    return Optional.empty();
  }

  private void isolate() {
    try {
      actions.dropPartner();
      int sessions = actions.stopServing();
      isolated = true;
      messages.accept(SystemMessage.FAULT_SERVER_ISOLATED, "endpoints closed, " + sessions
          + " client session(s) closed, partner link to " + partnerName.orElse("?") + " dropped; restart to rejoin");
    } catch (RuntimeException e) {
      LOG.error("server isolation failed", e);
      messages.accept(SystemMessage.FAULT_ISOLATION_BLOCKED, "isolation failed: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    if (check != null) {
      check.cancel(false);
    }
  }
}
