package io.twinua.server.sync;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The project's {@code sync} section (nodeset/README.md): which kinds of data are synchronised
 * after an outage, and how far back.
 *
 * @param kinds what is copied from the partner; empty switches the gap resync off
 * @param lastHours only this many hours before the end of a gap are synchronised; 0: the whole gap
 */
public record SyncSettings(Set<SyncKind> kinds, int lastHours) {

  /** Without a {@code sync} section: values and messages of the whole gap. */
  public static final SyncSettings DEFAULT =
      new SyncSettings(EnumSet.of(SyncKind.VALUES, SyncKind.MESSAGES), 0);

  public SyncSettings {
    kinds = kinds.isEmpty() ? EnumSet.noneOf(SyncKind.class) : EnumSet.copyOf(kinds);
    for (SyncKind k : kinds) {
      if (!k.supported()) {
        throw new IllegalArgumentException("sync of " + k.yamlName() + " is not supported yet");
      }
    }
    if (lastHours < 0) {
      throw new IllegalArgumentException("sync lastHours must be >= 0, got " + lastHours);
    }
  }

  public boolean includes(SyncKind kind) {
    return kinds.contains(kind);
  }

  /** The part of a gap {@code [fromTicks, toTicks)} these settings synchronise. */
  public long clippedFrom(long fromTicks, long toTicks) {
    if (lastHours == 0) {
      return fromTicks;
    }
    long earliest = toTicks - Duration.ofHours(lastHours).toMillis() * 10_000L;
    return Math.max(fromTicks, earliest);
  }

  @Override
  public String toString() {
    return "kinds " + kinds.stream().map(SyncKind::yamlName).toList()
        + (lastHours == 0 ? ", whole gap" : ", last " + lastHours + " h");
  }
}
