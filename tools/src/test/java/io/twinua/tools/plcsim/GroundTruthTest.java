package io.twinua.tools.plcsim;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthTest {

  @Test
  void formatsScalarsArraysAndStrings() {
    assertEquals("true", GroundTruth.format(new Variant(true)));
    assertEquals("0.1", GroundTruth.format(new Variant(0.1)));
    assertEquals("8.5", GroundTruth.format(new Variant(8.5f)));
    assertEquals("4294967295", GroundTruth.format(new Variant(uint(4294967295L))));
    assertEquals("-3", GroundTruth.format(new Variant((short) -3)));
    assertEquals("[6.5;7.0;7.5]", GroundTruth.format(new Variant(new Double[] {6.5, 7.0, 7.5})));
    assertEquals("[1.0;2.0]", GroundTruth.format(new Variant(new double[] {1, 2})));
    assertEquals("a,b\\nc\\\\d", GroundTruth.format(new Variant("a,b\nc\\d")));
    assertEquals("null", GroundTruth.format(Variant.NULL_VALUE));
  }

  @Test
  void readsWhatTheLogWrote(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("AS1.truth.csv");
    try (TruthLog log = TruthLog.open(file)) {
      log.append("A.B", 100, "1.5");
      log.append("C", 100, GroundTruth.format(new Variant("x,y")));
      log.append("A.B", 200, "2.5");
    }
    Map<String, List<TruthValue>> truth = GroundTruth.read(file);
    assertEquals(
        List.of(new TruthValue(100, "1.5"), new TruthValue(200, "2.5")), truth.get("A.B"));
    assertEquals(List.of(new TruthValue(100, "x,y")), truth.get("C"));

    // a new run appends to the same file
    try (TruthLog log = TruthLog.open(file)) {
      log.append("C", 300, "z");
    }
    assertEquals(2, GroundTruth.read(file).get("C").size());
  }

  @Test
  void rejectsALineWithoutTimestamp(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "A,notanumber,1\n");
    IOException e = assertThrows(IOException.class, () -> GroundTruth.read(file));
    assertEquals(file + " line 1: sourceTicks is not a number", e.getMessage());
  }
}
