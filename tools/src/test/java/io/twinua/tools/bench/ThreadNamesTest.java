package io.twinua.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reads this test JVM's own threads from /proc, as the churn bench reads a station's. */
class ThreadNamesTest {

  @Test
  void countsAPoolsNumberedThreadsAsOnePatternAndNamesWhatIsNew() throws Exception {
    ThreadNames before = ThreadNames.of(ProcessHandle.current().pid());
    assertTrue(before.total() >= Thread.getAllStackTraces().size(), "JVM-internal threads too: " + before.counts());

    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(3, r -> new Thread(r, "tn-pool-" + n.incrementAndGet()));
    CountDownLatch started = new CountDownLatch(3);
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < 3; i++) {
      pool.execute(() -> {
        started.countDown();
        await(release);
      });
    }
    try {
      started.await();
      ThreadNames during = ThreadNames.of(ProcessHandle.current().pid());
      assertEquals(3, during.counts().get("tn-pool-*"), during.counts().toString());
      assertEquals(Map.entry("tn-pool-*", 3), during.moreThan(before).get(0), during.growthSince(before));
      assertTrue(during.growthSince(before).contains("+3 tn-pool-*"), during.growthSince(before));
    } finally {
      release.countDown();
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
    // the kernel lists a thread until its native exit, a moment after awaitTermination returned
    Polling.until("the pool's threads gone from /proc", Duration.ofSeconds(5), Duration.ofMillis(10),
        () -> !ThreadNames.of(ProcessHandle.current().pid()).counts().containsKey("tn-pool-*"));
    ThreadNames after = ThreadNames.of(ProcessHandle.current().pid());
    // (the JVM may have started threads of its own meanwhile, e.g. GC workers: only the pool is asserted)
    assertTrue(after.moreThan(before).stream().noneMatch(e -> e.getKey().equals("tn-pool-*")), after.growthSince(before));
  }

  @Test
  void keepsWhatTheKernelKeepsOfALongName() {
    // /proc/<pid>/task/<tid>/comm holds 15 characters: a pool's 10th thread still matches its 1st
    assertEquals("STATION-A-ua-*", ThreadNames.pattern("STATION-A-ua-1"));
    assertEquals("STATION-A-ua-*", ThreadNames.pattern("STATION-A-ua-12"));
    assertEquals("STATION-A-ua-cl", ThreadNames.pattern("STATION-A-ua-cl"));
  }

  @Test
  void knowsNothingOfAnEndedProcess() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    assertEquals(0, ThreadNames.of(p.pid()).total());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
