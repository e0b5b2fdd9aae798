package io.twinua.server.archive.history;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * Continuation points of history reads, per session. Milo 1.1.2 keeps none and does not pass {@code
 * releaseContinuationPoints} down, so clients that never come back for the next page would make an
 * unbounded store grow: at most {@code maxPerSession} points per session and {@code maxTotal}
 * overall are kept, the oldest evicted first (Part 4 §7.9 lets a server drop points; the client
 * then gets Bad_ContinuationPointInvalid). Points are random, single-use and valid only for the
 * session that received them.
 */
public final class HistoryContinuations {

  private record Key(NodeId session, ByteString point) {}

  private static final int POINT_BYTES = 16;

  private final int maxPerSession;
  private final int maxTotal;
  private final SecureRandom random = new SecureRandom();
  // insertion order = age, so the first entry of a session is its oldest
  private final LinkedHashMap<Key, Object> points = new LinkedHashMap<>();
  private final Map<NodeId, Integer> perSession = new HashMap<>();

  public HistoryContinuations(int maxPerSession, int maxTotal) {
    if (maxPerSession < 1 || maxTotal < maxPerSession) {
      throw new IllegalArgumentException(
          "continuation points: need 1 <= maxPerSession ("
              + maxPerSession
              + ") <= maxTotal ("
              + maxTotal
              + ")");
    }
    this.maxPerSession = maxPerSession;
    this.maxTotal = maxTotal;
  }

  /** Stores {@code state} and returns a fresh continuation point for it. */
  public synchronized ByteString put(NodeId session, Object state) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(state, "state");
    if (perSession.getOrDefault(session, 0) >= maxPerSession) {
      evictOldest(session);
    }
    if (points.size() >= maxTotal) {
      evictOldest(null);
    }
    byte[] bytes = new byte[POINT_BYTES];
    random.nextBytes(bytes);
    ByteString point = ByteString.of(bytes);
    points.put(new Key(session, point), state);
    perSession.merge(session, 1, Integer::sum);
    return point;
  }

  /**
   * Removes and returns the state of a point; empty if the point is unknown, evicted, belongs to
   * another session or holds another kind of state (each of which is Bad_ContinuationPointInvalid).
   */
  public synchronized <T> Optional<T> take(NodeId session, ByteString point, Class<T> type) {
    Object state = remove(new Key(session, point));
    return type.isInstance(state) ? Optional.of(type.cast(state)) : Optional.empty();
  }

  /** Forgets a point, as asked by a HistoryRead with releaseContinuationPoints. */
  public synchronized boolean release(NodeId session, ByteString point) {
    return remove(new Key(session, point)) != null;
  }

  /** Forgets every point of a closed session. */
  public synchronized void dropSession(NodeId session) {
    points.keySet().removeIf(k -> k.session().equals(session));
    perSession.remove(session);
  }

  public synchronized int size() {
    return points.size();
  }

  public synchronized int size(NodeId session) {
    return perSession.getOrDefault(session, 0);
  }

  private Object remove(Key key) {
    Object state = points.remove(key);
    if (state != null) {
      perSession.computeIfPresent(key.session(), (s, n) -> n > 1 ? n - 1 : null);
    }
    return state;
  }

  /** Drops the oldest point of {@code session}, or the oldest overall if it is null. */
  private void evictOldest(NodeId session) {
    Iterator<Key> it = points.keySet().iterator();
    while (it.hasNext()) {
      Key k = it.next();
      if (session == null || k.session().equals(session)) {
        it.remove();
        perSession.computeIfPresent(k.session(), (s, n) -> n > 1 ? n - 1 : null);
        return;
      }
    }
  }
}
