package io.twinua.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogTextTest {

  @Test
  void controlCharactersBecomeEscapes() {
    assertEquals("a\\nforged\\r\\t\\u001b[2J\\u0000\\\\n\\u2028", LogText.of("a\nforged\r\t\u001b[2J\u0000\\n\u2028"));
  }

  @Test
  void longTextKeepsItsHeadAndSaysHowLongItWas() {
    String logged = LogText.of("x".repeat(1_000_000));
    assertEquals("x".repeat(LogText.MAX_CHARS) + "… (1000000 chars)", logged);
  }

  @Test
  void arraysShowTheirElementsAndNullIsNamed() {
    assertEquals("[a\\nb, c]", LogText.of(new String[] {"a\nb", "c"}));
    assertEquals("<null>", LogText.of(null));
    assertTrue(LogText.of("ok").equals("ok"));
  }
}
