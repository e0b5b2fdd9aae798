package io.twinua.tools.hmi;

import java.util.Locale;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/** OPC UA values and status codes as the page shows them: JSON numbers where they are numbers. */
final class ValueText {

  private ValueText() {}

  /** A JSON-friendly form: Number, Boolean or String (null for no value). */
  static Object of(Object value) {
    if (value == null || value instanceof Number && !(value instanceof UByte || value instanceof UShort
        || value instanceof UInteger || value instanceof ULong) || value instanceof Boolean || value instanceof String) {
      return value;
    }
    if (value instanceof UByte || value instanceof UShort || value instanceof UInteger) {
      return ((Number) value).longValue();
    }
    if (value instanceof ULong u) {
      return u.toBigInteger();
    }
    if (value instanceof Object[] array) {
      return java.util.Arrays.stream(array).map(ValueText::of).map(String::valueOf)
          .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
    if (value.getClass().isArray()) {
      return value.getClass().getComponentType().getSimpleName() + "[" + java.lang.reflect.Array.getLength(value) + "]";
    }
    if (value instanceof LocalizedText t) {
      return t.text();
    }
    if (value instanceof DateTime d) {
      return d.getJavaInstant().toString();
    }
    if (value instanceof ByteString b) {
      return b.isNull() ? null : "0x" + java.util.HexFormat.of().formatHex(b.bytesOrEmpty());
    }
    return value.toString();
  }

  /** {@code Good}, {@code Bad_UserAccessDenied}, ... or the code in hex if unknown. */
  static String status(StatusCode code) {
    if (code == null) {
      return "Good";
    }
    return StatusCodes.lookup(code.getValue()).map(n -> n[0])
        .orElse(String.format(Locale.ROOT, "0x%08X", code.getValue()));
  }
}
