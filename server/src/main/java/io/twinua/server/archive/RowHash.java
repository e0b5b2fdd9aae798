package io.twinua.server.archive;

import java.nio.charset.StandardCharsets;

/**
 * The 64-bit hashes behind the archive digests. They must come out the same on both stations, in
 * every JVM, and for a row as it is written and as it is read back from SQLite, so they are spelled
 * out here (FNV-1a over bytes, finished with MurmurHash3's 64-bit finaliser) instead of relying on
 * {@code hashCode()}.
 */
final class RowHash {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final long GOLDEN = 0x9e3779b97f4a7c15L; // keeps a zero field from cancelling

  private RowHash() {}

  /** The tag's part of every row hash; the tag name, never its per-station id. */
  static long tag(String name) {
    return mix(bytes(FNV_OFFSET, name.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * One stored value: tag, source time, status, Variant type and the {@code v} column as SQLite
   * stores it (see {@link ValueCodec#column}). The server timestamp is left out: each station stamps
   * its own, and a value copied from the partner keeps the partner's.
   */
  static long row(long tagHash, long sourceTicks, long status, int type, Object v) {
    long h = mix(tagHash ^ sourceTicks);
    h = mix((h + GOLDEN) ^ status);
    h = mix((h + GOLDEN) ^ type);
    return mix((h + GOLDEN) ^ value(v));
  }

  private static long value(Object v) {
    if (v == null) {
      return 0x1;
    } else if (v instanceof Long l) {
      return mix(l) ^ 0x2;
    } else if (v instanceof Double d) {
      // SQLite keeps an integral REAL as an integer on disk, so -0.0 reads back as 0.0
      return mix(d == 0.0 ? 0L : Double.doubleToLongBits(d)) ^ 0x3;
    } else if (v instanceof String s) {
      return bytes(FNV_OFFSET ^ 0x4, s.getBytes(StandardCharsets.UTF_8));
    } else {
      return bytes(FNV_OFFSET ^ 0x5, (byte[]) v);
    }
  }

  private static long bytes(long h, byte[] bytes) {
    for (byte b : bytes) {
      h = (h ^ (b & 0xff)) * FNV_PRIME;
    }
    return h;
  }

  /** MurmurHash3 fmix64: spreads every input bit over the whole word. */
  private static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
