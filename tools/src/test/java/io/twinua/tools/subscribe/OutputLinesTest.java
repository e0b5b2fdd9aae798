package io.twinua.tools.subscribe;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.switcher.Sample;
import io.twinua.switcher.SwitchEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** The JSON lines of {@code twinua subscribe --json} exactly as issue 8 fixes them, and the live view. */
class OutputLinesTest {

  private static final Instant SOURCE = Instant.parse("2026-12-01T10:00:00.123456Z");
  private static final Instant RECEIVED = Instant.parse("2026-12-01T10:00:00.2Z");

  @Test
  void valueAndSwitchLinesAreTheIssuesFormat() {
    var text = new StringWriter();
    var out = new OutputLines(new PrintWriter(text), true);
    out.switched(new SwitchEvent(null, "urn:a", "connect", true, RECEIVED));
    out.value("ns=2;s=X", new Sample("ns=2;s=X", new DataValue(new Variant(uint(42))), SOURCE, RECEIVED, "urn:a", false));
    out.value("ns=2;s=Y", new Sample("ns=2;s=Y", new DataValue(new Variant(new Double[] {1.5, 2.0})), SOURCE, RECEIVED, "urn:b", true));
    out.switched(new SwitchEvent("urn:a", "urn:b", "manual switch", false, RECEIVED));
    out.note("only in the live view");
    assertEquals(String.join("\n",
        "{\"kind\":\"switch\",\"from\":null,\"to\":\"urn:a\",\"reason\":\"connect\",\"automatic\":true,\"at\":\"2026-12-01T10:00:00.200Z\"}",
        "{\"kind\":\"value\",\"node\":\"ns=2;s=X\",\"value\":42,\"sourceTime\":\"2026-12-01T10:00:00.123Z\",\"receivedAt\":\"2026-12-01T10:00:00.200Z\",\"server\":\"urn:a\",\"backfill\":false}",
        "{\"kind\":\"value\",\"node\":\"ns=2;s=Y\",\"value\":[1.5,2.0],\"sourceTime\":\"2026-12-01T10:00:00.123Z\",\"receivedAt\":\"2026-12-01T10:00:00.200Z\",\"server\":\"urn:b\",\"backfill\":true}",
        "{\"kind\":\"switch\",\"from\":\"urn:a\",\"to\":\"urn:b\",\"reason\":\"manual switch\",\"automatic\":false,\"at\":\"2026-12-01T10:00:00.200Z\"}",
        ""), text.toString().replace(System.lineSeparator(), "\n"));
  }

  @Test
  void liveViewIsOneReadableLineEach() {
    var text = new StringWriter();
    var out = new OutputLines(new PrintWriter(text), false);
    out.value("ns=2;s=X", new Sample("ns=2;s=X", new DataValue(new Variant(uint(42))), SOURCE, RECEIVED, "urn:a", true));
    out.switched(new SwitchEvent("urn:a", "urn:b", "keep-alive missed", true, RECEIVED));
    String[] lines = text.toString().split("\\R");
    assertEquals(2, lines.length, text.toString());
    assertTrue(lines[0].contains("ns=2;s=X") && lines[0].contains("42") && lines[0].contains("10:00:00.123")
        && lines[0].contains("(history)"), lines[0]);
    assertTrue(lines[1].contains("urn:a -> urn:b") && lines[1].contains("keep-alive missed"), lines[1]);
  }

  @Test
  void durationsAsTyped() {
    assertEquals(Duration.ofSeconds(60), DurationText.parse("60s"));
    assertEquals(Duration.ofMillis(500), DurationText.parse("500ms"));
    assertEquals(Duration.ofMinutes(5), DurationText.parse("5m"));
    assertEquals(Duration.ofSeconds(90), DurationText.parse("PT90S"));
    assertThrows(TypeConversionException.class, () -> DurationText.parse("soon"));
    assertThrows(TypeConversionException.class, () -> DurationText.parse("0s"));
  }
}
