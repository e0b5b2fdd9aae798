package io.twinua.switcher;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** Collects what a {@link RedundantClient} hands to the application, and waits on it. */
final class Recorder implements SampleListener, SwitchListener {

  final List<Sample> samples = new CopyOnWriteArrayList<>();
  final List<SwitchEvent> switches = new CopyOnWriteArrayList<>();

  @Override
  public void onSample(Sample sample) {
    samples.add(sample);
  }

  @Override
  public void onSwitch(SwitchEvent event) {
    switches.add(event);
  }

  SwitchEvent awaitSwitchTo(String uri, int index, Duration timeout) {
    await(() -> switches.size() > index, timeout, "switch #" + index + " to " + uri + "; switches so far " + switches);
    SwitchEvent e = switches.get(index);
    if (!e.to().equals(uri)) {
      fail("switch #" + index + " went to " + e.to() + ", expected " + uri + ": " + switches);
    }
    return e;
  }

  /** Bounded wait on a condition (polls every 10 ms). */
  static void await(BooleanSupplier condition, Duration timeout, String what) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting for " + what);
      }
    }
  }
}
