package io.twinua.server.archive.history;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * Continuation points of history reads, per session. Milo 1.1.2 keeps none, so the store is ours
 * and bounded: at most {@code maxPerSession} points per session and {@code maxTotal} overall. A
 * point handed out is kept until it is followed, released or its session closes; when no point is
 * free the read gets none ({@link #put} is empty: Bad_NoContinuationPoints for that node, Part 4
 * §7.9) instead of evicting one a client still holds, which would lose its data silently (issue
 * 12 item 4). Points are random, single-use and valid only for the session that received them.
 */
public final class HistoryContinuations {

  private record Key(NodeId session, ByteString point) {}

  private static final int POINT_BYTES = 16;

  private final int maxPerSession;
  private final int maxTotal;
  private final SecureRandom random = new SecureRandom();
  private final Map<Key, Object> points = new HashMap<>();
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

  /**
   * Stores {@code state} and returns a fresh continuation point for it; empty if {@code session}
   * already holds its limit or the store is full.
   */
  public synchronized Optional<ByteString> put(NodeId session, Object state) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(state, "state");
    if (perSession.getOrDefault(session, 0) >= maxPerSession || points.size() >= maxTotal) {
      return Optional.empty();
    }
    byte[] bytes = new byte[POINT_BYTES];
    random.nextBytes(bytes);
    ByteString point = ByteString.of(bytes);
    points.put(new Key(session, point), state);
    perSession.merge(session, 1, Integer::sum);
    return Optional.of(point);
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
}
