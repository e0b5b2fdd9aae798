package io.twinua.server.sync.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.UserRecord;
import io.twinua.server.messages.SystemMessage;
import io.twinua.server.redundancy.LinkState;
import io.twinua.server.sync.SyncKind;
import io.twinua.server.sync.SyncSettings;
import io.twinua.server.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User archive and internal tag sync between two real stations' halves in one JVM: real SQLite
 * archives, real Milo servers serving {@link RecordSyncMethods}, real Milo clients of each other.
 * The partner link's UP/DOWN is played by the test.
 */
class RecordSyncTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private RecordStation a;
  private RecordStation b;

  @AfterEach
  void close() throws Exception {
    for (RecordStation s : new RecordStation[] {a, b}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private void pair(SyncSettings settings) throws Exception {
    a = RecordStation.start("STATION-A", dir.resolve("a"), settings, s -> true);
    b = RecordStation.start("STATION-B", dir.resolve("b"), settings, s -> true);
    a.connectTo(b);
    b.connectTo(a);
  }

  private void linkBoth(LinkState state) {
    a.link(state);
    b.link(state);
  }

  @Test
  void aLocalChangeReachesThePartnerAtOnceAndThePendingFlagGoesBackToZero() throws Exception {
    pair(SyncSettings.DEFAULT);
    linkBoth(LinkState.UP);
    Await.until(WAIT, "first return sync done on both", () -> a.raised(SystemMessage.USER_ARCHIVE_SYNC_COMPLETE)
        && b.raised(SystemMessage.USER_ARCHIVE_SYNC_COMPLETE));

    long started = System.nanoTime();
    UserRecord added = a.add("Cola", Map.of("Product", "Cola", "TargetLevel", 72.5, "MixerMode", 3, "Active", true));
    Await.until(WAIT, Duration.ofMillis(5), "B has A's recipe", () -> b.read("Cola").isPresent());
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(added, b.read("Cola").orElseThrow(), "same fields, types, time and station on B");
    assertTrue(millis < 1_000, "on B within a second: " + millis + " ms");
    Await.until(WAIT, "@RM_UA_ONL_Recipes went 1, then back to 0", () -> {
      List<String> seen = List.copyOf(a.shown); // a view of the live list breaks when the station adds to it
      int from = seen.indexOf("pending Recipes=1");
      return from >= 0 && List.of("pending Recipes=1", "pending Recipes=0")
          .equals(seen.subList(from, seen.size()).stream().filter(s -> s.startsWith("pending")).toList());
    });
    assertFalse(a.recipes.isPending("Recipes"));

    b.change("Cola", Map.of("TargetLevel", 80.0));
    Await.until(WAIT, "A has B's change", () -> a.read("Cola").map(r -> r.fields().get("TargetLevel"))
        .equals(Optional.of(80.0)));
    a.delete("Cola");
    Await.until(WAIT, "the delete reaches B", () -> b.read("Cola").isEmpty());
    Await.until(WAIT, "both sides hold the same records", () -> a.all().equals(b.all()));
    assertTrue(b.all().get("Cola").deleted(), "B keeps the tombstone");
  }

  @Test
  void changesMadeWhileApartAreSynchronisedOnReturnAndTheNewestWins() throws Exception {
    pair(SyncSettings.DEFAULT);
    linkBoth(LinkState.UP);
    Await.until(WAIT, "first return sync done on both", () -> a.raised(SystemMessage.USER_ARCHIVE_SYNC_COMPLETE)
        && b.raised(SystemMessage.USER_ARCHIVE_SYNC_COMPLETE));
    a.add("Shared", Map.of("Product", "Tea", "TargetLevel", 10.0));
    a.add("Doomed", Map.of("Product", "Old"));
    Await.until(WAIT, "B has both", () -> b.read("Shared").isPresent() && b.read("Doomed").isPresent());

    linkBoth(LinkState.DOWN);
    a.add("OnlyA", Map.of("Product", "Lemonade"));
    a.change("Shared", Map.of("TargetLevel", 20.0));
    b.delete("Doomed");
    for (int i = 0; i < 1_200; i++) { // more than two pages
      b.add("B" + i, Map.of("Product", "Batch " + i, "MixerMode", i));
    }
    b.change("Shared", Map.of("TargetLevel", 30.0)); // later than A's change: wins on both
    assertTrue(a.recipes.isPending("Recipes"), "A's changes wait for the partner");
    assertTrue(a.read("OnlyA").isPresent() && b.read("OnlyA").isEmpty(), "nothing crossed while apart");
    a.messages.clear();
    b.messages.clear();
    a.shown.clear();

    linkBoth(LinkState.UP);
    Await.until(WAIT, "both archives equal after the return", () -> a.all().equals(b.all()));
    assertEquals(1_203, a.all().size(), "1,200 + Shared + Doomed + OnlyA");
    assertEquals(Optional.of(30.0), a.read("Shared").map(r -> r.fields().get("TargetLevel")), "newest change wins");
    assertTrue(a.read("Doomed").isEmpty(), "B's delete reached A as a tombstone");
    assertTrue(b.read("OnlyA").isPresent());
    for (RecordStation s : List.of(a, b)) {
      Await.until(WAIT, s.name + " raised 1012214 and 1012215", () -> s.raised(SystemMessage.USER_ARCHIVE_SYNCHRONISED)
          && s.raised(SystemMessage.USER_ARCHIVE_SYNC_COMPLETE));
    }
    String report = a.messages.stream().filter(m -> m.startsWith("1012214 Recipes: ")).findFirst().orElseThrow();
    int read = Integer.parseInt(report.substring("1012214 Recipes: ".length(), report.indexOf(' ', 17)));
    assertTrue(read >= 1_202 && report.contains(" change(s) read from STATION-B"),
        "A pulled B's 1,200 adds, the delete and the change (B's online push may have taken some over first): "
            + report);
    Await.until(WAIT, "A's pending flag back to 0", () -> !a.recipes.isPending("Recipes"));
    // the tags are shown after the flag changes, on the station's own thread
    Await.until(WAIT, "@RM_Offline_UA_Name named the archive, then was emptied; @RM_UA_ONL went to 0",
        () -> a.shown.containsAll(List.of("offline 'Recipes'", "offline ''", "pending Recipes=0")));
  }

  @Test
  void theNextReturnSyncPullsOnlyFromThePointReachedAndSurvivesARestart() throws Exception {
    pair(SyncSettings.DEFAULT);
    for (int i = 0; i < 50; i++) {
      b.userArchives.archive("Recipes").add("Old" + i, Map.of("Product", "x")); // not pushed: B was alone
    }
    linkBoth(LinkState.UP);
    Await.until(WAIT, "A pulled B's records", () -> a.all().size() == 50);
    // B restarts (its sync points are in its data dir); A's points likewise
    a.close();
    a = RecordStation.start("STATION-A", dir.resolve("a"), SyncSettings.DEFAULT, s -> true);
    a.connectTo(b);
    b.connectTo(a);
    UserArchivePoints.Marks marks = UserArchivePoints.open(dir.resolve("a")).of("Recipes");
    assertTrue(marks.pulledFrom() > 0, "A kept the point it pulled B's changes up to: " + marks);
    linkBoth(LinkState.UP);
    Await.until(WAIT, "A's second return sync done", () -> a.raised(SystemMessage.USER_ARCHIVE_SYNC_COMPLETE));
    String report = a.messages.stream().filter(m -> m.startsWith("1012214")).findFirst().orElseThrow();
    assertTrue(report.contains("0 newer and taken over"), report);
  }

  @Test
  void deselectedUserArchivesAreNeitherPushedNorPulled() throws Exception {
    pair(new SyncSettings(EnumSet.of(SyncKind.VALUES, SyncKind.USER_ARCHIVES), 0, 10, Set.of()));
    linkBoth(LinkState.UP);
    a.add("Cola", Map.of("Product", "Cola"));
    b.userArchives.archive("Recipes").add("Tea", Map.of("Product", "Tea"));
    linkBoth(LinkState.DOWN);
    linkBoth(LinkState.UP);
    Await.until(WAIT, "both return syncs ran", () -> a.recipes.returnSyncs() == 2 && b.recipes.returnSyncs() == 2);
    assertTrue(b.read("Cola").isEmpty() && a.read("Tea").isEmpty(), "nothing synchronised");
    assertFalse(a.recipes.isPending("Recipes"));
    assertFalse(a.raised(SystemMessage.USER_ARCHIVE_SYNC_COMPLETE), "no user archive, no 1012215");
  }

  @Test
  void synchronisedInternalTagsFollowOnlineAndOnReturnButNotAtTagsOrUnflaggedOnes() throws Exception {
    pair(SyncSettings.DEFAULT);
    linkBoth(LinkState.UP);
    DataValue first = value(12.5, DateTime.now());
    a.write(RecordStation.SYNCED_TAG, first);
    a.write("@RM_MASTER", value(1, DateTime.now()));
    a.write(RecordStation.UNSYNCED_TAG, value(7.0, DateTime.now()));
    Await.until(WAIT, "B has A's value", () -> b.tags.latest().containsKey(RecordStation.SYNCED_TAG));
    assertEquals(first.getValue(), b.tags.latest().get(RecordStation.SYNCED_TAG).getValue());
    assertEquals(first.getSourceTime(), b.tags.latest().get(RecordStation.SYNCED_TAG).getSourceTime());

    // apart: A writes first, B later; on return B's newer value wins on both, and an older one never
    linkBoth(LinkState.DOWN);
    long now = DateTime.now().getUtcTime();
    a.write(RecordStation.SYNCED_TAG, value(20.0, new DateTime(now)));
    b.write(RecordStation.SYNCED_TAG, value(30.0, new DateTime(now + 10_000_000L)));
    linkBoth(LinkState.UP);
    Await.until(WAIT, "A took B's newer value over", () -> new Variant(30.0).equals(
        a.tags.latest().get(RecordStation.SYNCED_TAG).getValue()));
    Await.until(WAIT, "both return syncs ran", () -> a.values.returnSyncs() == 2 && b.values.returnSyncs() == 2);
    assertEquals(new Variant(30.0), b.tags.latest().get(RecordStation.SYNCED_TAG).getValue(), "the older value lost");
    assertFalse(b.archive.internalTags().loadAll().containsKey("@RM_MASTER"), "@ tags are never synchronised");
    assertFalse(b.archive.internalTags().loadAll().containsKey(RecordStation.UNSYNCED_TAG), "not flagged");
    assertEquals(List.of(RecordStation.SYNCED_TAG), a.tags.takenOver, "A took B's value over once, no echo");
    assertEquals(List.of(RecordStation.SYNCED_TAG), b.tags.takenOver, "B took A's first value over once, no echo");
  }

  @Test
  void aPartnerThatRefusesIsRetriedAndReportedOnce() throws Exception {
    a = RecordStation.start("STATION-A", dir.resolve("a"), SyncSettings.DEFAULT, s -> true);
    b = RecordStation.start("STATION-B", dir.resolve("b"), SyncSettings.DEFAULT, s -> false);
    a.connectTo(b);
    a.link(LinkState.UP);
    Await.until(WAIT, "A tried twice (the retry comes after 5 s)", () -> a.recipes.returnSyncs() >= 2);
    List<String> failures = a.messages.stream().filter(m -> m.startsWith("1012203 ")).toList();
    assertEquals(1, failures.size(), "a lasting refusal is reported once: " + a.messages);
    assertTrue(failures.get(0).contains("Bad_UserAccessDenied"), failures.get(0));
    assertFalse(a.raised(SystemMessage.USER_ARCHIVE_SYNC_COMPLETE));
  }

  @Test
  void onlyThePartnerMayCallTheSyncMethods() throws Exception {
    a = RecordStation.start("STATION-A", dir.resolve("a"), SyncSettings.DEFAULT, RecordSyncMethods.PARTNER);
    OpcUaClient anonymous = OpcUaClient.create(a.endpointUrl);
    anonymous.connect();
    try {
      int ns = anonymous.getNamespaceTable().getIndex(RecordStation.PLANT_NS).intValue();
      var call = new CallMethodRequest(new NodeId(ns, RecordSyncMethods.OBJECT_ID),
          new NodeId(ns, RecordSyncMethods.USER_ARCHIVE_CHANGES),
          new Variant[] {new Variant("Recipes"), new Variant(0L), new Variant("")});
      var result = anonymous.call(List.of(call)).getResults()[0];
      assertEquals(StatusCodes.Bad_UserAccessDenied, result.getStatusCode().getValue());
    } finally {
      anonymous.disconnect();
    }
  }

  private static DataValue value(Object v, DateTime source) {
    return new DataValue(new Variant(v), StatusCode.GOOD, source, source);
  }
}
