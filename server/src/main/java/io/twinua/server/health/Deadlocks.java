package io.twinua.server.health;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Finds deadlocked threads of this JVM (monitors and {@code java.util.concurrent} locks) with the
 * JVM's own {@link ThreadMXBean#findDeadlockedThreads()}, and names the monitored application whose
 * worker is among them. Also describes what one thread waits for, for the report of a hung worker.
 */
final class Deadlocks {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** A deadlock, as the application it stops and the problem to report. */
  record Found(String application, ApplicationHealth.Problem problem) {}

  private final Map<Pulse, String> applications = new ConcurrentHashMap<>();

  /** The worker of {@code pulse} belongs to {@code application}. */
  void name(Pulse pulse, String application) {
    applications.put(pulse, application);
  }

  Optional<Found> find() {
    long[] ids = THREADS.findDeadlockedThreads();
    if (ids == null || ids.length == 0) {
      return Optional.empty();
    }
    ThreadInfo[] infos = THREADS.getThreadInfo(ids);
    String text = "deadlock: " + Arrays.stream(infos).filter(i -> i != null).map(Deadlocks::waits)
        .collect(Collectors.joining("; "));
    String application = applications.entrySet().stream()
        .filter(e -> e.getKey().worker().map(t -> Arrays.stream(ids).anyMatch(id -> id == t.getId())).orElse(false))
        .map(Map.Entry::getValue).findFirst().orElse("threads");
    return Optional.of(new Found(application, ApplicationHealth.Problem.blockage(text)));
  }

  /** ", thread T BLOCKED on L held by U" (empty when the thread is gone). */
  static String describe(Thread thread) {
    ThreadInfo info = THREADS.getThreadInfo(thread.getId());
    return info == null ? "" : ", thread " + waits(info);
  }

  private static String waits(ThreadInfo info) {
    String s = info.getThreadName() + " " + info.getThreadState();
    if (info.getLockName() != null) {
      s += " on " + info.getLockName();
    }
    if (info.getLockOwnerName() != null) {
      s += " held by " + info.getLockOwnerName();
    }
    return s;
  }
}
