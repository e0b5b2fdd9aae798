package io.twinua.server.archive.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.junit.jupiter.api.Test;

class HistoryContinuationsTest {

  private final NodeId alice = new NodeId(1, "session-alice");
  private final NodeId bob = new NodeId(1, "session-bob");

  @Test
  void pointIsSingleUseAndBoundToItsSession() {
    HistoryContinuations store = new HistoryContinuations(10, 100);
    ByteString cp = store.put(alice, "state-1").orElseThrow();

    assertEquals(Optional.empty(), store.take(bob, cp, String.class), "foreign session");
    assertEquals(Optional.of("state-1"), store.take(alice, cp, String.class));
    assertEquals(Optional.empty(), store.take(alice, cp, String.class), "already used");
    assertEquals(0, store.size());
  }

  @Test
  void wrongKindOfStateIsInvalid() {
    HistoryContinuations store = new HistoryContinuations(10, 100);
    ByteString cp = store.put(alice, 42).orElseThrow();
    assertEquals(Optional.empty(), store.take(alice, cp, String.class));
  }

  @Test
  void pointsAreUnguessableAndDistinct() {
    HistoryContinuations store = new HistoryContinuations(10, 100);
    ByteString a = store.put(alice, "a").orElseThrow();
    ByteString b = store.put(alice, "b").orElseThrow();
    assertNotEquals(a, b);
    assertEquals(16, a.length());
    assertEquals(
        Optional.empty(), store.take(alice, ByteString.of(new byte[] {1, 2, 3}), String.class));
  }

  @Test
  void aFullSessionGetsNoPointAndKeepsThoseItHolds() {
    HistoryContinuations store = new HistoryContinuations(3, 100);
    List<ByteString> points = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      points.add(store.put(alice, "s" + i).orElseThrow());
    }
    assertEquals(Optional.empty(), store.put(alice, "s3"), "no fourth point");
    ByteString bobs = store.put(bob, "bob").orElseThrow();

    assertEquals(3, store.size(alice));
    assertEquals(Optional.of("s0"), store.take(alice, points.get(0), String.class), "the oldest is kept");
    assertTrue(store.put(alice, "s4").isPresent(), "a followed point frees its place");
    assertEquals(Optional.of("s2"), store.take(alice, points.get(2), String.class));
    assertEquals(Optional.of("bob"), store.take(bob, bobs, String.class), "other sessions are untouched");
  }

  @Test
  void aFullStoreGivesNoPointToAnySession() {
    HistoryContinuations store = new HistoryContinuations(5, 6);
    List<ByteString> alices = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      alices.add(store.put(alice, "a" + i).orElseThrow());
    }
    store.put(bob, "b0").orElseThrow();
    store.put(bob, "b1").orElseThrow();
    assertEquals(Optional.empty(), store.put(bob, "b2"));
    assertEquals(6, store.size());
    assertEquals(Optional.of("a0"), store.take(alice, alices.get(0), String.class), "nobody's point was dropped");
  }

  @Test
  void releaseAndDropSessionForget() {
    HistoryContinuations store = new HistoryContinuations(10, 100);
    ByteString a1 = store.put(alice, "a1").orElseThrow();
    ByteString a2 = store.put(alice, "a2").orElseThrow();
    ByteString b1 = store.put(bob, "b1").orElseThrow();

    assertTrue(store.release(alice, a1));
    assertFalse(store.release(alice, a1));
    store.dropSession(alice);
    assertEquals(Optional.empty(), store.take(alice, a2, String.class));
    assertEquals(0, store.size(alice));
    assertEquals(Optional.of("b1"), store.take(bob, b1, String.class));
  }

  @Test
  void limitsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new HistoryContinuations(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new HistoryContinuations(10, 5));
  }
}
