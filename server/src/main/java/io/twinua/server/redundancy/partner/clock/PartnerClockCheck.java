package io.twinua.server.redundancy.partner.clock;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Compares the partner's clock with ours every {@code period} and whenever the terminal bus comes
 * UP, on a thread of its own (never the station's timers or Milo's threads: the reads are
 * asynchronous and their results hop back here). A difference beyond the bound is reported once
 * per episode through {@code report} (a system message) and logged; the episode ends, with a log
 * line, at the first measurement back within the bound. The last measurement is kept for the
 * diagnostics.
 */
public final class PartnerClockCheck implements AutoCloseable {

  /** How often the clocks are compared while the link is up. */
  public static final Duration PERIOD = Duration.ofSeconds(60);
  /** Reads per comparison; the one with the shortest round trip counts. */
  public static final int SAMPLES = 5;
  private static final Logger LOG = LoggerFactory.getLogger(PartnerClockCheck.class);

  private final String partnerName;
  private final Supplier<Optional<OpcUaClient>> partner;
  private final Duration bound;
  private final Duration period;
  private final ClockProbe probe;
  private final Consumer<String> report;
  private final ScheduledExecutorService thread;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile Optional<ClockSample> last = Optional.empty();
  private volatile Consumer<ClockSample> onSample = sample -> { };
  private volatile boolean beyond;

  /**
   * @param partner the partner link's client while it has a session (PARTNER role)
   * @param bound largest difference that is not reported
   * @param report raises the system message; called with the detail text, on this check's thread
   */
  public PartnerClockCheck(
      String partnerName,
      Supplier<Optional<OpcUaClient>> partner,
      Duration bound,
      Duration period,
      Clock clock,
      Consumer<String> report) {
    this.partnerName = partnerName;
    this.partner = partner;
    this.bound = bound;
    this.period = period;
    this.probe = new ClockProbe(clock, SAMPLES);
    this.report = report;
    String station = MDC.get("station");
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t =
                  new Thread(
                      () -> {
                        if (station != null) {
                          MDC.put("station", station);
                        }
                        r.run();
                      },
                      "partner-clock" + (station == null ? "" : "-" + station));
              t.setDaemon(true);
              return t;
            });
  }

  public void start() {
    long ms = period.toMillis();
    thread.scheduleWithFixedDelay(this::check, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** The terminal bus came UP: compare now rather than at the next period. */
  public void linkUp() {
    thread.execute(this::check);
  }

  /** Tells {@code listener} each measurement (on this check's thread), e.g. for a system tag; call before start. */
  public void onSample(Consumer<ClockSample> listener) {
    onSample = listener;
  }

  /** The last measured difference (partner minus ours), empty before the first one. */
  public Optional<ClockSample> lastSample() {
    return last;
  }

  /** True while the last measurement is beyond the bound. */
  public boolean beyondBound() {
    return beyond;
  }

  public Duration bound() {
    return bound;
  }

  /** One comparison, unless one is still running or there is no partner session. */
  private void check() {
    Optional<OpcUaClient> client = partner.get();
    if (client.isEmpty() || !running.compareAndSet(false, true)) {
      return;
    }
    probe
        .measure(client.get())
        .whenCompleteAsync(
            (sample, failure) -> {
              running.set(false);
              if (failure != null) {
                LOG.debug("clock of {} not compared: {}", partnerName, failure.toString());
              } else {
                judge(sample);
              }
            },
            thread);
  }

  private void judge(ClockSample sample) {
    last = Optional.of(sample);
    onSample.accept(sample);
    if (sample.beyond(bound)) {
      if (!beyond) {
        beyond = true;
        String detail =
            String.format(
                "clock of partner %s differs from ours by %+d ms (round trip %d ms), more than the"
                    + " %d ms allowed by redundancy.clockToleranceMs: archive gap windows may be"
                    + " off; synchronise the clocks (NTP)",
                partnerName,
                sample.offset().toMillis(),
                sample.roundTrip().toMillis(),
                bound.toMillis());
        LOG.warn("{}", detail);
        report.accept(detail);
      }
    } else if (beyond) {
      beyond = false;
      LOG.info(
          "clock of partner {} back within {} ms of ours ({} ms)",
          partnerName,
          bound.toMillis(),
          sample.offset().toMillis());
    } else {
      LOG.debug("clock of partner {}: {} ms", partnerName, sample.offset().toMillis());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
