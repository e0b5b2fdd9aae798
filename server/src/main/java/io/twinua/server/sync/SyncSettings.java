package io.twinua.server.sync;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The project's {@code sync} section (nodeset/README.md): which kinds of data are synchronised
 * after an outage, and how far back.
 *
 * @param kinds what is copied from the partner; empty switches the gap resync off
 * @param lastHours only this many hours before the end of a gap are synchronised; 0: the whole gap
 * @param compareMinutes minutes between two archive digest compares with the partner ({@link
 *     DigestCompare}), 1..{@value #MAX_COMPARE_MINUTES}
 * @param userArchives the user archives synchronised (after an outage and online) when {@code
 *     kinds} has userArchives; null: every user archive of the project
 */
public record SyncSettings(Set<SyncKind> kinds, int lastHours, int compareMinutes, @Nullable Set<String> userArchives) {

  public static final int DEFAULT_COMPARE_MINUTES = 10;
  public static final int MAX_COMPARE_MINUTES = 1440;

  /** Without a {@code sync} section: all four kinds of the whole gap, compared every 10 min. */
  public static final SyncSettings DEFAULT = new SyncSettings(EnumSet.allOf(SyncKind.class), 0);

  /** With the default digest compare period, every user archive. */
  public SyncSettings(Set<SyncKind> kinds, int lastHours) {
    this(kinds, lastHours, DEFAULT_COMPARE_MINUTES);
  }

  /** Every user archive. */
  public SyncSettings(Set<SyncKind> kinds, int lastHours, int compareMinutes) {
    this(kinds, lastHours, compareMinutes, null);
  }

  public SyncSettings {
    userArchives = userArchives == null ? null : Set.copyOf(userArchives);
    kinds = kinds.isEmpty() ? EnumSet.noneOf(SyncKind.class) : EnumSet.copyOf(kinds);
    for (SyncKind k : kinds) {
      if (!k.supported()) {
        throw new IllegalArgumentException("sync of " + k.yamlName() + " is not supported yet");
      }
    }
    if (lastHours < 0) {
      throw new IllegalArgumentException("sync lastHours must be >= 0, got " + lastHours);
    }
    if (compareMinutes < 1 || compareMinutes > MAX_COMPARE_MINUTES) {
      throw new IllegalArgumentException(
          "sync compareMinutes must be 1.." + MAX_COMPARE_MINUTES + ", got " + compareMinutes);
    }
  }

  /**
   * The kinds the gap windows copy (values, messages); user archives and internal tags are
   * exchanged apart from the windows (sync.records), so without these there are no windows.
   */
  public Set<SyncKind> windowKinds() {
    Set<SyncKind> k = EnumSet.noneOf(SyncKind.class);
    k.addAll(kinds);
    k.retainAll(EnumSet.of(SyncKind.VALUES, SyncKind.MESSAGES));
    return k;
  }

  /**
   * Whether the pair compares archive digests: they cover process values only, and a compare
   * repairs what differs by copying values, which a project that deselected values did not ask for.
   */
  public boolean comparesDigests() {
    return includes(SyncKind.VALUES);
  }

  public boolean includes(SyncKind kind) {
    return kinds.contains(kind);
  }

  /** True if the user archive {@code name} is synchronised with the partner. */
  public boolean synchronises(String userArchive) {
    return kinds.contains(SyncKind.USER_ARCHIVES) && (userArchives == null || userArchives.contains(userArchive));
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
        + (lastHours == 0 ? ", whole gap" : ", last " + lastHours + " h")
        + ", digests compared every " + compareMinutes + " min"
        + (userArchives == null ? "" : ", user archives " + new TreeSet<>(userArchives));
  }
}
