package io.twinua.tools.bench;

import io.twinua.server.archive.ValueArchive;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * Live values as a station's process connections hand them to the archive: every tag once a
 * second, spread over ten slices a second (as subscriptions publishing every 100 ms deliver them),
 * through the live path ({@link ValueArchive#append}, which never waits). The time from handing a
 * value over to its commit ({@link ValueArchive#whenCommitted}) goes to the {@link Latencies} set
 * by {@link #recordInto} at the moment of handing over.
 */
final class LiveFeed implements AutoCloseable {

  private static final int SLICES = 10;

  private final ValueArchive archive;
  private final List<String> tags;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-live-feed");
        t.setDaemon(true);
        return t;
      });
  private final AtomicReference<Latencies> recording = new AtomicReference<>();
  private final AtomicLong refused = new AtomicLong();
  private long tick; // timer thread only

  LiveFeed(ValueArchive archive, List<String> tags) {
    this.archive = archive;
    this.tags = List.copyOf(tags);
  }

  void start() {
    timer.scheduleAtFixedRate(this::slice, 0, 1000 / SLICES, TimeUnit.MILLISECONDS);
  }

  /** Latencies of values handed over from now on go to {@code into}; null: not recorded. */
  void recordInto(Latencies into) {
    recording.set(into);
  }

  /** Live values the archive refused (its queue was full). */
  long refused() {
    return refused.get();
  }

  private void slice() {
    int slice = (int) (tick++ % SLICES);
    for (int i = slice; i < tags.size(); i += SLICES) {
      Latencies into = recording.get();
      long handed = System.nanoTime();
      DateTime now = DateTime.now();
      if (!archive.append(tags.get(i), new DataValue(new Variant(tick * 0.5), StatusCode.GOOD, now, now))) {
        refused.incrementAndGet();
        continue;
      }
      if (into != null) {
        archive.whenCommitted().ifPresent(c -> c.thenRun(() -> into.add(System.nanoTime() - handed)));
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    timer.shutdown();
    timer.awaitTermination(5, TimeUnit.SECONDS);
  }
}
