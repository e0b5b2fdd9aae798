package io.twinua.server.sync;

import io.twinua.server.archive.Ticks;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A time window in which this station's archive may lack data its partner has, and how far its
 * resync got. Times are OPC UA DateTime ticks of source time (values) and event time (messages),
 * {@code from <= t < to}.
 *
 * @param id unique within the ledger, stable across restarts
 * @param toTicks 0 while the end is not known yet (this station's own down time: the end is fixed
 *     when the sync starts, after live archiving has resumed)
 * @param reason for the log and the messages, e.g. "this station was down"
 * @param kinds what to copy for this window
 * @param tags the tags to copy; empty means every archived tag of the project
 * @param tagsDone tags whose values of the window are committed here (resume skips them)
 * @param messagesDone the window's messages are committed here
 * @param valuesCopied values read from the partner and written so far (repeats included)
 */
public record GapWindow(
    String id,
    long fromTicks,
    long toTicks,
    String reason,
    Set<SyncKind> kinds,
    List<String> tags,
    Set<String> tagsDone,
    boolean messagesDone,
    long valuesCopied) {

  public GapWindow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reason, "reason");
    kinds = kinds.isEmpty() ? EnumSet.noneOf(SyncKind.class) : EnumSet.copyOf(kinds);
    tags = List.copyOf(tags);
    tagsDone = new TreeSet<>(tagsDone);
    if (toTicks != 0 && toTicks < fromTicks) {
      throw new IllegalArgumentException("gap window " + id + " ends before it starts");
    }
  }

  /** A new window, nothing copied yet. */
  public static GapWindow open(String id, long fromTicks, long toTicks, String reason, Set<SyncKind> kinds, List<String> tags) {
    return new GapWindow(id, fromTicks, toTicks, reason, kinds, tags, Set.of(), false, 0);
  }

  public boolean endKnown() {
    return toTicks != 0;
  }

  public GapWindow endingAt(long ticks) {
    return new GapWindow(id, fromTicks, Math.max(ticks, fromTicks), reason, kinds, tags, tagsDone, messagesDone, valuesCopied);
  }

  /** The window after {@code done} tags were committed, {@code copied} values more. */
  public GapWindow withTagsDone(Collection<String> done, long copied) {
    Set<String> all = new TreeSet<>(tagsDone);
    all.addAll(done);
    return new GapWindow(id, fromTicks, toTicks, reason, kinds, tags, all, messagesDone, valuesCopied + copied);
  }

  public GapWindow withMessagesDone() {
    return new GapWindow(id, fromTicks, toTicks, reason, kinds, tags, tagsDone, true, valuesCopied);
  }

  @Override
  public String toString() {
    return id + " [" + Ticks.toInstant(fromTicks) + ", " + (endKnown() ? Ticks.toInstant(toTicks) : "open") + ") "
        + reason;
  }
}
