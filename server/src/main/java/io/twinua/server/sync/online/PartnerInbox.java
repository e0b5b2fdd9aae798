package io.twinua.server.sync.online;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded queue between the partner's events (offered on Milo's delivery thread) and the
 * worker that takes them over. An item that does not fit is dropped, but never silently: the inbox
 * then needs a reconcile (the worker fetches what was dropped from the partner: its current
 * condition states, or its event history of the window), and the first drop of a spell is
 * reported once. The spell ends when a periodic check finds the inbox empty after a reconcile.
 *
 * @param <T> a partner condition state, or a partner message
 */
final class PartnerInbox<T> {

  private final ArrayBlockingQueue<T> states;
  private final Runnable onSpell;
  private final AtomicBoolean reconcile = new AtomicBoolean();
  private final AtomicBoolean spell = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();

  /** @param onSpell told (on the offering thread; must not block) at the first drop of each spell */
  PartnerInbox(int bound, Runnable onSpell) {
    if (bound < 1) {
      throw new IllegalArgumentException("the online sync queue bound must be at least 1, got " + bound);
    }
    this.states = new ArrayBlockingQueue<>(bound);
    this.onSpell = onSpell;
  }

  /** @return false if it did not fit: call {@link #lost} (after noting what the reconcile needs) */
  boolean offer(T state) {
    return states.offer(state);
  }

  /** Partner items were lost before they got here (the partner's event queue overflowed, or the inbox was full). */
  void lost() {
    dropped.incrementAndGet();
    reconcile.set(true);
    if (spell.compareAndSet(false, true)) {
      onSpell.run();
    }
  }

  /** The next state to apply, or null. */
  T poll() {
    return states.poll();
  }

  /** True (once) if states were dropped since the last call: read the partner's current states now. */
  boolean takeReconcile() {
    return reconcile.getAndSet(false);
  }

  /** A reconcile could not be done: the next one must still do it. */
  void reconcileLater() {
    reconcile.set(true);
  }

  /**
   * A check found the inbox empty with no reconcile to do: the spell is over.
   *
   * @return true if a spell ended here
   */
  boolean settle() {
    return states.isEmpty() && !reconcile.get() && spell.compareAndSet(true, false);
  }

  /** States dropped so far (also counts lost-at-the-partner signs). */
  long dropped() {
    return dropped.get();
  }
}
