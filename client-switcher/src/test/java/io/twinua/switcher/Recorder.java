package io.twinua.switcher;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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
    await(condition, timeout, () -> what);
  }

  /** Bounded wait; {@code what} is described when the wait fails, with the state of that moment. */
  static void await(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        Thread.getAllStackTraces().forEach((t, stack) -> {
          if (t.getName().startsWith("twinua-switcher-")) {
            System.out.println("thread " + t.getName() + ":");
            for (StackTraceElement e : stack) {
              System.out.println("    at " + e);
            }
          }
        });
        fail("timed out after " + timeout.toMillis() + " ms waiting for " + what.get());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting for " + what.get());
      }
    }
  }
}
