package io.twinua.server.diagnostics;

import io.twinua.server.messages.SystemMessageRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last system messages this station raised, newest first, kept in memory for the diagnostics:
 * reading them from the message archive would wait for SQLite on the refresh thread.
 */
public final class RecentMessages {

  public static final int KEPT = 20;

  private final Deque<StationSnapshot.Message> last = new ArrayDeque<>();

  public synchronized void add(SystemMessageRecord r) {
    last.addFirst(new StationSnapshot.Message(r.time(), r.number(), r.message().text(), r.detail()));
    while (last.size() > KEPT) {
      last.removeLast();
    }
  }

  public synchronized List<StationSnapshot.Message> newestFirst() {
    return new ArrayList<>(last);
  }
}
