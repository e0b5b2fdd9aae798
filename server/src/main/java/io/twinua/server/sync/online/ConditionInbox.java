package io.twinua.server.sync.online;

import io.twinua.server.alarms.PartnerConditionState;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded queue between the partner's condition events (offered on Milo's delivery thread) and
 * the worker that applies them. A state that does not fit is dropped, but never silently: the
 * inbox then needs a reconcile (the worker reads the partner's current condition states, newest
 * wins, which covers every dropped one since each event carries a whole state), and the first drop
 * of a spell is reported once. The spell ends when the worker finds the inbox empty after a
 * reconcile.
 */
final class ConditionInbox {

  private final ArrayBlockingQueue<PartnerConditionState> states;
  private final Runnable onSpell;
  private final AtomicBoolean reconcile = new AtomicBoolean();
  private final AtomicBoolean spell = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();

  /** @param onSpell told (on the offering thread; must not block) at the first drop of each spell */
  ConditionInbox(int bound, Runnable onSpell) {
    if (bound < 1) {
      throw new IllegalArgumentException("the alarm sync queue bound must be at least 1, got " + bound);
    }
    this.states = new ArrayBlockingQueue<>(bound);
    this.onSpell = onSpell;
  }

  void offer(PartnerConditionState state) {
    if (!states.offer(state)) {
      lost();
    }
  }

  /** Partner states were lost before they got here (the partner's event queue overflowed, or the inbox was full). */
  void lost() {
    dropped.incrementAndGet();
    reconcile.set(true);
    if (spell.compareAndSet(false, true)) {
      onSpell.run();
    }
  }

  /** The next state to apply, or null. */
  PartnerConditionState poll() {
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
   * The worker found the inbox empty with no reconcile to do: the spell is over.
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
