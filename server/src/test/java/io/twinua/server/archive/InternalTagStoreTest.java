package io.twinua.server.archive;

import static io.twinua.server.archive.ArchiveFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InternalTagStoreTest {

  @TempDir Path dir;

  @Test
  void latestValuesSurviveARestartAndOlderOnesDoNotOverwrite() {
    Path file = dir.resolve("twinua.db");
    DataValue setpoint =
        new DataValue(
            new Variant(42.5),
            StatusCode.GOOD,
            new DateTime(T0 + 10),
            null,
            new DateTime(T0 + 11),
            null);
    DataValue text =
        new DataValue(
            new Variant(new LocalizedText("de", "Betrieb")),
            StatusCode.GOOD,
            new DateTime(T0),
            null);
    DataValue array =
        new DataValue(
            new Variant(new Double[] {1.0, 2.0}), StatusCode.GOOD, new DateTime(T0), null);
    try (ArchiveDatabase db = ArchiveDatabase.open(file, ArchiveSettings.defaults())) {
      InternalTagStore tags = db.internalTags();
      assertTrue(
          tags.store(
              "Setpoint",
              new DataValue(new Variant(1.0), StatusCode.GOOD, new DateTime(T0), null)));
      assertTrue(tags.store("Setpoint", setpoint));
      assertFalse(
          tags.store(
              "Setpoint",
              new DataValue(new Variant(0.0), StatusCode.GOOD, new DateTime(T0 + 5), null)),
          "older value from the partner");
      assertTrue(tags.store("Setpoint", setpoint), "replaying the same value is harmless");
      assertTrue(tags.store("Mode", text));
      assertTrue(tags.store("Curve", array));
    }
    try (ArchiveDatabase db = ArchiveDatabase.open(file, ArchiveSettings.defaults())) {
      Map<String, DataValue> all = db.internalTags().loadAll();
      assertEquals(List.of("Curve", "Mode", "Setpoint"), List.copyOf(all.keySet()));
      assertEquals(setpoint, all.get("Setpoint"));
      assertEquals(text, all.get("Mode"));
      assertEquals(array, all.get("Curve"));
    }
  }
}
