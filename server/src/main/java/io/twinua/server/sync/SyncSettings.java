package io.twinua.server.sync;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The project's {@code sync} section (nodeset/README.md): which kinds of data are synchronised
 * after an outage, and how far back.
 *
 * @param kinds what is copied from the partner; empty switches the gap resync off
 * @param lastOnly only this much before the end of a gap is synchronised; empty: the whole gap
 */
public record SyncSettings(Set<SyncKind> kinds, Optional<Duration> lastOnly) {

  /** Without a {@code sync} section: values and messages of the whole gap. */
  public static final SyncSettings DEFAULT =
      new SyncSettings(EnumSet.of(SyncKind.VALUES, SyncKind.MESSAGES), Optional.empty());

  public SyncSettings {
    kinds = kinds.isEmpty() ? EnumSet.noneOf(SyncKind.class) : EnumSet.copyOf(kinds);
    Objects.requireNonNull(lastOnly, "lastOnly");
    for (SyncKind k : kinds) {
      if (!k.supported()) {
        throw new IllegalArgumentException("sync of " + k.yamlName() + " is not supported yet");
      }
    }
    if (lastOnly.isPresent() && (lastOnly.get().isNegative() || lastOnly.get().isZero())) {
      throw new IllegalArgumentException("sync window must be positive, got " + lastOnly.get());
    }
  }

  public boolean includes(SyncKind kind) {
    return kinds.contains(kind);
  }

  /** The part of a gap {@code [fromTicks, toTicks)} these settings synchronise. */
  public long clippedFrom(long fromTicks, long toTicks) {
    if (lastOnly.isEmpty()) {
      return fromTicks;
    }
    long earliest = toTicks - lastOnly.get().toMillis() * 10_000L;
    return Math.max(fromTicks, earliest);
  }

  @Override
  public String toString() {
    return "kinds " + kinds.stream().map(SyncKind::yamlName).toList()
        + lastOnly.map(d -> ", last " + d.toHours() + " h").orElse(", whole gap");
  }
}
