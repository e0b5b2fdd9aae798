package io.twinua.server.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.ArchiveException.Reason;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserArchiveTest {

  private static final UserArchiveDefinition RECIPES =
      new UserArchiveDefinition(
          "Recipes",
          List.of(
              new UserField("Product", UserFieldType.STRING, true),
              new UserField("Temperature", UserFieldType.DOUBLE, true),
              new UserField("Batches", UserFieldType.INT32, false),
              new UserField("Organic", UserFieldType.BOOLEAN, false)));

  @TempDir Path dir;
  private ArchiveDatabase db;
  private MutableClock clock;
  private UserArchive recipes;

  @BeforeEach
  void open() {
    db = ArchiveDatabase.open(dir.resolve("twinua.db"), ArchiveSettings.defaults());
    clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    recipes = UserArchives.open(db, List.of(RECIPES), "STATION-A", clock).archive("Recipes");
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void addReadChangeDelete() {
    UserRecord added =
        recipes.add("Bread", Map.of("Product", "Rye bread", "Temperature", 230.5, "Batches", 4));
    assertEquals(Ticks.of(clock.instant()), added.modifiedTicks());
    assertEquals("STATION-A", added.station());
    assertEquals(Optional.of(added), recipes.read("Bread"));
    assertEquals(List.of("Bread"), recipes.list());

    clock.advanceSeconds(10);
    Map<String, Object> change = new HashMap<>();
    change.put("Temperature", 240.0f); // a Float is widened, not rejected
    change.put("Batches", null); // clears the optional field
    change.put("Organic", true);
    UserRecord changed = recipes.change("Bread", change);
    assertEquals(
        Map.of("Product", "Rye bread", "Temperature", 240.0, "Organic", true), changed.fields());
    assertEquals(Optional.of(changed), recipes.read("Bread"));

    clock.advanceSeconds(10);
    UserRecord tombstone = recipes.delete("Bread");
    assertTrue(tombstone.deleted());
    assertEquals(Optional.empty(), recipes.read("Bread"));
    assertEquals(List.of(), recipes.list());
    assertEquals(
        List.of(tombstone),
        recipes.changesSince(changed.modifiedTicks() + 1),
        "the delete is kept for sync");

    // a deleted key can be added again
    recipes.add("Bread", Map.of("Product", "Wheat bread", "Temperature", 220.0));
    assertEquals("Wheat bread", recipes.read("Bread").orElseThrow().fields().get("Product"));
  }

  @Test
  void wrongUseIsRejectedWithArchiveRecordAndField() {
    recipes.add("Bread", Map.of("Product", "Rye", "Temperature", 230.0));

    ArchiveException exists =
        assertThrows(
            ArchiveException.class,
            () -> recipes.add("Bread", Map.of("Product", "x", "Temperature", 1.0)));
    assertEquals(Reason.ALREADY_EXISTS, exists.reason());
    assertEquals(
        Reason.NOT_FOUND,
        assertThrows(ArchiveException.class, () -> recipes.change("Cake", Map.of("Batches", 1)))
            .reason());
    assertEquals(
        Reason.NOT_FOUND,
        assertThrows(ArchiveException.class, () -> recipes.delete("Cake")).reason());

    assertInvalid(
        () -> recipes.add("Cake", Map.of("Product", "Cake", "Temperature", 180.0, "Sugar", 1.0)),
        "Cake",
        "Sugar",
        "unknown field");
    assertInvalid(
        () -> recipes.add("Cake", Map.of("Product", "Cake", "Temperature", "hot")),
        "Cake",
        "Temperature",
        "expects DOUBLE");
    assertInvalid(
        () -> recipes.add("Cake", Map.of("Product", "Cake", "Temperature", 180)),
        "Cake",
        "Temperature",
        "expects DOUBLE");
    assertInvalid(
        () -> recipes.add("Cake", Map.of("Product", "Cake", "Temperature", 180.0, "Batches", 2.5)),
        "Cake",
        "Batches",
        "expects INT32");
    assertInvalid(
        () -> recipes.add("Cake", Map.of("Product", "Cake")),
        "Cake",
        "Temperature",
        "required field is missing");
    Map<String, Object> clearRequired = new HashMap<>();
    clearRequired.put("Product", null);
    assertInvalid(
        () -> recipes.change("Bread", clearRequired),
        "Bread",
        "Product",
        "required field has no value");
    assertEquals(List.of("Bread"), recipes.list(), "failed writes change nothing");
    assertEquals(
        Reason.NOT_FOUND,
        assertThrows(
                ArchiveException.class,
                () -> UserArchives.open(db, List.of(RECIPES), "A", clock).archive("Nope"))
            .reason());
  }

  @Test
  void applyKeepsTheNewerWriteAndIsIdempotent() {
    UserRecord local = recipes.add("Bread", Map.of("Product", "Local", "Temperature", 200.0));
    UserRecord older =
        new UserRecord(
            "Recipes",
            "Bread",
            Map.of("Product", "Old", "Temperature", 1.0),
            false,
            local.modifiedTicks() - 1,
            "STATION-B");
    UserRecord newer =
        new UserRecord(
            "Recipes",
            "Bread",
            Map.of("Product", "Partner", "Temperature", 210.0),
            false,
            local.modifiedTicks() + 1,
            "STATION-B");

    assertFalse(recipes.apply(older));
    assertEquals("Local", recipes.read("Bread").orElseThrow().fields().get("Product"));
    assertTrue(recipes.apply(newer));
    assertFalse(recipes.apply(newer), "applying the same record again changes nothing");
    assertEquals(Optional.of(newer), recipes.read("Bread"));

    // a replicated delete wins over an older live record and is itself replicated as a tombstone
    UserRecord delete =
        new UserRecord("Recipes", "Bread", Map.of(), true, newer.modifiedTicks() + 1, "STATION-B");
    assertTrue(recipes.apply(delete));
    assertEquals(Optional.empty(), recipes.read("Bread"));
    assertFalse(recipes.apply(newer), "an older write cannot resurrect a deleted record");

    // same time stamp from two stations: both sides pick the same winner
    UserRecord a =
        new UserRecord(
            "Recipes", "Cake", Map.of("Product", "A", "Temperature", 1.0), false, 500, "STATION-A");
    UserRecord b =
        new UserRecord(
            "Recipes", "Cake", Map.of("Product", "B", "Temperature", 1.0), false, 500, "STATION-B");
    assertTrue(recipes.apply(a));
    assertTrue(recipes.apply(b));
    assertFalse(recipes.apply(a));
    assertEquals("B", recipes.read("Cake").orElseThrow().fields().get("Product"));
  }

  @Test
  void syncBetweenTwoStationsConverges() {
    ArchiveDatabase other =
        ArchiveDatabase.open(dir.resolve("partner.db"), ArchiveSettings.defaults());
    try {
      UserArchive partner =
          UserArchives.open(other, List.of(RECIPES), "STATION-B", clock).archive("Recipes");
      recipes.add("Bread", Map.of("Product", "Rye", "Temperature", 230.0, "Batches", 3));
      clock.advanceSeconds(1);
      partner.add("Cake", Map.of("Product", "Cake", "Temperature", 180.0, "Organic", false));
      clock.advanceSeconds(1);
      recipes.add("Pie", Map.of("Product", "Pie", "Temperature", Double.NaN));
      clock.advanceSeconds(1);
      recipes.delete("Pie");

      for (int round = 0; round < 2; round++) { // repeating a sync changes nothing
        recipes.changesSince(0).forEach(partner::apply);
        partner.changesSince(0).forEach(recipes::apply);
      }
      assertEquals(recipes.changesSince(0), partner.changesSince(0));
      assertEquals(List.of("Bread", "Cake"), partner.list());
    } finally {
      other.close();
    }
  }

  @Test
  void localWriteIsStampedAfterThePreviousOneEvenIfTheClockStepsBack() {
    UserRecord first = recipes.add("Bread", Map.of("Product", "Rye", "Temperature", 230.0));
    clock.advanceSeconds(-60);
    UserRecord second = recipes.change("Bread", Map.of("Batches", 2));
    assertTrue(second.modifiedTicks() > first.modifiedTicks());
  }

  @Test
  void definitionsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new UserArchiveDefinition("X", List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new UserArchiveDefinition(
                "X",
                List.of(
                    new UserField("A", UserFieldType.STRING, true),
                    new UserField("A", UserFieldType.DOUBLE, false))));
    assertThrows(
        IllegalArgumentException.class,
        () -> UserArchives.open(db, List.of(RECIPES, RECIPES), "A", clock));
  }

  private static void assertInvalid(Runnable write, String record, String field, String problem) {
    ArchiveException e = assertThrows(ArchiveException.class, write::run);
    assertEquals(Reason.INVALID_DATA, e.reason());
    assertTrue(e.getMessage().contains("user archive Recipes"), e.getMessage());
    assertTrue(e.getMessage().contains("record " + record), e.getMessage());
    assertTrue(e.getMessage().contains("field " + field), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advanceSeconds(long s) {
      now = now.plusSeconds(s);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
