package io.twinua.server.redundancy.statuslink;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * Daemon threads named after the link that carry the starting thread's MDC (the {@code station}
 * key), so two stations' link logs can be told apart in one JVM.
 */
final class LinkThreads implements ThreadFactory {

  private final String prefix;
  private final Map<String, String> mdc;
  private final AtomicInteger count = new AtomicInteger();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

  LinkThreads(String prefix) {
    this.prefix = prefix;
    this.mdc = MDC.getCopyOfContextMap();
  }

  /** True on a thread made here: waiting for this executor there would wait for oneself. */
  boolean isOwnThread() {
    return threads.contains(Thread.currentThread());
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(() -> {
      if (mdc != null) {
        MDC.setContextMap(mdc);
      }
      r.run();
    }, prefix + "-" + count.incrementAndGet());
    t.setDaemon(true);
    threads.add(t);
    return t;
  }
}
