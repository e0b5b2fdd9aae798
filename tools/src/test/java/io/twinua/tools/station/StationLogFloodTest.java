package io.twinua.tools.station;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.security.LogText;
import io.twinua.server.security.Role;
import io.twinua.server.testing.Await;
import io.twinua.tools.pairlab.StationProcess;
import io.twinua.tools.testing.TestStationJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 3: an operator who writes megabyte strings with a newline, ESC and NUL into a
 * string tag neither forges a line in {@code logs/station.log} nor grows it by megabytes.
 */
class StationLogFloodTest {

  private static final String FORGED = "2026-12-02 05:00:00.000 ERROR [STATION-A] forged - admin logged in";
  private static final int WRITES = 100;
  private static final int VALUE_CHARS = 1 << 20;

  @TempDir Path dir;

  @Test
  void hundredMegabyteWritesLeaveAShortLogWithoutForgedLines() throws Exception {
    try (TestPlant plant = TestPlant.prepare(dir, 1000, p -> p);
         StationProcess station = new StationProcess(plant.stationFile, List.of(), TestStationJvm.OPTIONS).start()) {
      Path log = plant.stationDataDir().resolve("logs").resolve("station.log");
      OpcUaClient operator = plant.loginWhenUp(station, Role.OPERATOR);
      long before;
      try {
        int ns = operator.getNamespaceTable().getIndex(TestPlant.NS).intValue();
        NodeId note = new NodeId(ns, "Plant.OperatorNote");
        before = Files.size(log);
        for (int i = 0; i < WRITES; i++) {
          String head = "note " + i + "\n" + FORGED + "\r\u001b[2J\u0000";
          String value = head + "x".repeat(VALUE_CHARS - head.length());
          StatusCode status = operator.writeValues(List.of(note), List.of(DataValue.valueOnly(new Variant(value)))).get(0);
          assertTrue(status.isGood(), "write " + i + ": " + status);
        }
      } finally {
        operator.disconnectAsync();
      }
      Await.until(Duration.ofSeconds(10), "the last write in the log",
          () -> read(log).contains("note " + (WRITES - 1) + "\\n"));
      long grown = Files.size(log) - before;
      String text = read(log);
      System.out.printf("station.log grew %d bytes over %d writes of %d chars (now %d bytes)%n",
          grown, WRITES, VALUE_CHARS, Files.size(log));
      // each write logs at most one value of LogText.MAX_CHARS plus its line
      assertTrue(grown < WRITES * (LogText.MAX_CHARS * 2L + 300), "log grew " + grown + " bytes");
      assertFalse(text.lines().anyMatch(line -> line.startsWith(FORGED)), "a forged line:\n" + text);
      assertFalse(text.contains("\u001b") || text.contains("\u0000") || text.contains("\r"), "raw ESC/NUL/CR in the log");
      assertTrue(text.contains("(" + VALUE_CHARS + " chars)"), "the log says how long the value was");
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
