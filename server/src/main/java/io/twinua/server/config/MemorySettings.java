package io.twinua.server.config;

import java.util.OptionalInt;

/**
 * The station JVM's memory limits, the station file's {@code memory:} section. Each limit left out
 * follows the project size by {@link #limits(int)}, so a station fits its plant and not the
 * machine: without limits the JVM takes a quarter of the machine's RAM as heap (the demo's station
 * reached 1.55 GB RSS with 76 variables, issue 12 item 7). The launcher ({@code twinua station})
 * turns the limits into JVM options; they take effect at the station JVM's next start.
 *
 * @param heapMb maximum heap (-Xmx)
 * @param metaspaceMb maximum class metadata (-XX:MaxMetaspaceSize)
 * @param directMemoryMb maximum direct buffers, Netty's included (-XX:MaxDirectMemorySize)
 * @param threadStackKb stack of each thread (-Xss)
 */
public record MemorySettings(
    OptionalInt heapMb, OptionalInt metaspaceMb, OptionalInt directMemoryMb, OptionalInt threadStackKb) {

  /** No {@code memory:} section: every limit follows the project. */
  public static final MemorySettings FOLLOW_PROJECT =
      new MemorySettings(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());

  /**
   * Heap of a station without tags: Milo's address space, sessions, archive writer, logging. The
   * demo plant (37 tags) keeps about 40 MB live with 20 HMI sessions; 64 MB ran its old generation
   * full (98 %) under that load.
   */
  public static final int BASE_HEAP_MB = 96;
  /**
   * Heap per tag (mapped and internal): its node, its monitored item at the AS, queued values and
   * history pages, with room for the collector.
   */
  public static final int HEAP_KB_PER_TAG = 20;
  /** The station's classes (Milo, Netty, Jackson, SQLite, BouncyCastle) need about 60 MB. */
  public static final int DEFAULT_METASPACE_MB = 128;
  public static final int BASE_DIRECT_MEMORY_MB = 64;
  /** Direct buffers per tag: publish responses and AS notifications grow with the tag count. */
  public static final int DIRECT_KB_PER_TAG = 4;
  public static final int DEFAULT_THREAD_STACK_KB = 512;

  public static final int MIN_HEAP_MB = 32;
  public static final int MAX_HEAP_MB = 65_536;
  public static final int MIN_METASPACE_MB = 64;
  public static final int MAX_METASPACE_MB = 4_096;
  public static final int MIN_DIRECT_MEMORY_MB = 16;
  public static final int MAX_DIRECT_MEMORY_MB = 65_536;
  public static final int MIN_THREAD_STACK_KB = 256;
  public static final int MAX_THREAD_STACK_KB = 8_192;

  /** The limits the station JVM runs with. */
  public record Limits(int heapMb, int metaspaceMb, int directMemoryMb, int threadStackKb) {}

  public MemorySettings {
    check(heapMb, MIN_HEAP_MB, MAX_HEAP_MB, "heapMb");
    check(metaspaceMb, MIN_METASPACE_MB, MAX_METASPACE_MB, "metaspaceMb");
    check(directMemoryMb, MIN_DIRECT_MEMORY_MB, MAX_DIRECT_MEMORY_MB, "directMemoryMb");
    check(threadStackKb, MIN_THREAD_STACK_KB, MAX_THREAD_STACK_KB, "threadStackKb");
  }

  /**
   * The limits for a project of {@code tags} tags: each given limit as it is, the others by the
   * rule (heap {@value #BASE_HEAP_MB} MB + {@value #HEAP_KB_PER_TAG} KB per tag, direct memory
   * {@value #BASE_DIRECT_MEMORY_MB} MB + {@value #DIRECT_KB_PER_TAG} KB per tag).
   */
  public Limits limits(int tags) {
    if (tags < 0) {
      throw new IllegalArgumentException("tags < 0: " + tags);
    }
    return new Limits(
        heapMb.orElse(BASE_HEAP_MB + kbToMb((long) tags * HEAP_KB_PER_TAG)),
        metaspaceMb.orElse(DEFAULT_METASPACE_MB),
        directMemoryMb.orElse(BASE_DIRECT_MEMORY_MB + kbToMb((long) tags * DIRECT_KB_PER_TAG)),
        threadStackKb.orElse(DEFAULT_THREAD_STACK_KB));
  }

  private static int kbToMb(long kb) {
    return (int) ((kb + 1023) / 1024);
  }

  private static void check(OptionalInt value, int min, int max, String key) {
    if (value.isPresent() && (value.getAsInt() < min || value.getAsInt() > max)) {
      throw new IllegalArgumentException("memory " + key + " " + value.getAsInt() + " is out of range " + min + ".." + max);
    }
  }
}
