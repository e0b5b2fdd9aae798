package io.twinua.tools.hmi;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.junit.jupiter.api.Test;

/** A typed setpoint becomes a value of the variable's own type, or a message the page shows. */
class SetpointTextTest {

  @Test
  void textBecomesTheVariablesBuiltInType() {
    assertEquals(42.5, SetpointText.parse(" 42.5 ", NodeIds.Double.toParseableString()).getValue());
    assertEquals(42.5f, SetpointText.parse("42.5", NodeIds.Float.toParseableString()).getValue());
    assertEquals(7, SetpointText.parse("7", NodeIds.Int32.toParseableString()).getValue());
    assertEquals(uint(7), SetpointText.parse("7", NodeIds.UInt32.toParseableString()).getValue());
    assertEquals(true, SetpointText.parse("on", NodeIds.Boolean.toParseableString()).getValue());
    assertEquals(false, SetpointText.parse("0", NodeIds.Boolean.toParseableString()).getValue());
    assertEquals(" note ", SetpointText.parse(" note ", NodeIds.String.toParseableString()).getValue());
  }

  @Test
  void wrongTextIsRefusedNamingTheType() {
    var e = assertThrows(IllegalArgumentException.class, () -> SetpointText.parse("4x", NodeIds.Int32.toParseableString()));
    assertTrue(e.getMessage().contains("Int32"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SetpointText.parse("-1", NodeIds.UInt32.toParseableString()));
    assertThrows(IllegalArgumentException.class, () -> SetpointText.parse("NaN", NodeIds.Double.toParseableString()));
    assertThrows(IllegalArgumentException.class, () -> SetpointText.parse("maybe", NodeIds.Boolean.toParseableString()));
    assertThrows(IllegalArgumentException.class, () -> SetpointText.parse("1", "ns=2;s=SomeStructure"));
  }
}
