package io.twinua.server.redundancy.partner.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;

/**
 * Measures a server's clock against ours the way NTP does for one exchange: read its {@code
 * Server/ServerStatus/CurrentTime}, assume it was taken halfway through the round trip, and of a
 * few reads keep the one with the shortest round trip (the least uncertain). Asynchronous: never
 * blocks the calling thread.
 */
public final class ClockProbe {

  private final Clock clock;
  private final int samples;

  /** @param samples reads per measurement, one after the other */
  public ClockProbe(Clock clock, int samples) {
    if (samples < 1) {
      throw new IllegalArgumentException("samples must be at least 1, got " + samples);
    }
    this.clock = clock;
    this.samples = samples;
  }

  /** The best of {@code samples} reads; fails if any read fails. */
  public CompletableFuture<ClockSample> measure(OpcUaClient client) {
    CompletableFuture<ClockSample> best = sample(client);
    for (int i = 1; i < samples; i++) {
      best = best.thenCompose(b -> sample(client).thenApply(s -> shorter(b, s)));
    }
    return best;
  }

  private CompletableFuture<ClockSample> sample(OpcUaClient client) {
    Instant sent = clock.instant();
    long start = System.nanoTime();
    return client
        .readValuesAsync(
            0.0, TimestampsToReturn.Neither, List.of(NodeIds.Server_ServerStatus_CurrentTime))
        .thenCompose(
            values -> {
              Duration roundTrip = Duration.ofNanos(System.nanoTime() - start);
              DataValue v = values.get(0);
              if (!(v.getValue().getValue() instanceof DateTime partner) || partner.isNull()) {
                return CompletableFuture.failedFuture(
                    new UaException(
                        v.getStatusCode() != null && v.getStatusCode().isBad()
                            ? v.getStatusCode().getValue()
                            : StatusCodes.Bad_TypeMismatch,
                        "the partner's CurrentTime is not a DateTime: " + v));
              }
              Instant ours = sent.plus(roundTrip.dividedBy(2));
              Duration offset = Duration.between(ours, partner.getJavaInstant());
              return CompletableFuture.completedFuture(
                  new ClockSample(offset, roundTrip, sent.plus(roundTrip)));
            });
  }

  private static ClockSample shorter(ClockSample a, ClockSample b) {
    return b.roundTrip().compareTo(a.roundTrip()) < 0 ? b : a;
  }
}
