package io.twinua.server.station;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;

/**
 * A raw HistoryRead sees every value the station received before the request: values still
 * queued for the archive are committed first. A client that switched servers reads its gap from
 * history and then takes live values; without this, a value received in the last flush interval
 * was neither in the history nor among the live ones (chaos cycle 22, Warm subscriber).
 *
 * <p>Never holds a thread: the read goes on when the commit is done, or after {@link #BOUND} with
 * what is committed then (a disk that far behind is reported by the archive's health check).
 * Only new reads wait; further pages of a read and releases of continuation points do not.
 */
final class ReadAfterWrite {

  /** Far above a hurried commit, well below any client's request timeout. */
  static final Duration BOUND = Duration.ofSeconds(2);

  private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

  /** The value archive's {@code flushSoon}; empty when it cannot take the signal. */
  private final Supplier<Optional<CompletableFuture<Void>>> flushed;

  ReadAfterWrite(Supplier<Optional<CompletableFuture<Void>>> flushed) {
    this.flushed = flushed;
  }

  /** Completes (normally, never later than the bound) when the request may be read from the archive. */
  CompletableFuture<Void> before(HistoryReadRequest request) {
    if (!startsRawRead(request)) {
      return NOW;
    }
    return flushed.get()
        .map(commit -> commit.handle((done, failed) -> (Void) null)
            .completeOnTimeout(null, BOUND.toMillis(), TimeUnit.MILLISECONDS))
        .orElse(NOW);
  }

  private static boolean startsRawRead(HistoryReadRequest request) {
    ExtensionObject details = request.getHistoryReadDetails();
    HistoryReadValueId[] nodes = request.getNodesToRead();
    return details != null
        && NodeIds.ReadRawModifiedDetails_Encoding_DefaultBinary.equals(details.getEncodingOrTypeId())
        && !Boolean.TRUE.equals(request.getReleaseContinuationPoints())
        && nodes != null
        && Arrays.stream(nodes).anyMatch(n -> n.getContinuationPoint() == null || n.getContinuationPoint().isNull());
  }
}
