package io.twinua.tools.hmi;

import java.util.Locale;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;

/**
 * A setpoint as the operator typed it, turned into the variable's own built-in data type: the
 * station refuses a write of another type (Bad_TypeMismatch), so the HMI converts, and says so
 * when the text is no such value.
 */
final class SetpointText {

  private SetpointText() {}

  /**
   * @param dataType the variable's DataType node id as text ({@code i=11})
   * @throws IllegalArgumentException naming the type when {@code text} is not a value of it
   */
  static Variant parse(String text, String dataType) {
    OpcUaDataType type;
    try {
      type = OpcUaDataType.fromNodeId(NodeId.parse(dataType));
    } catch (RuntimeException e) {
      type = null;
    }
    if (type == null) {
      throw new IllegalArgumentException("the HMI cannot write data type " + dataType);
    }
    String t = text.trim();
    try {
      return new Variant(switch (type) {
        case Boolean -> bool(t);
        case SByte -> Byte.parseByte(t);
        case Byte -> Unsigned.ubyte(t);
        case Int16 -> Short.parseShort(t);
        case UInt16 -> Unsigned.ushort(t);
        case Int32 -> Integer.parseInt(t);
        case UInt32 -> Unsigned.uint(t);
        case Int64 -> Long.parseLong(t);
        case UInt64 -> Unsigned.ulong(t);
        case Float -> finite(Float.parseFloat(t));
        case Double -> finite(Double.parseDouble(t));
        case String -> text;
        default -> throw new IllegalArgumentException("the HMI cannot write data type " + type);
      });
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a " + type + " value");
    }
  }

  private static boolean bool(String t) {
    return switch (t.toLowerCase(Locale.ROOT)) {
      case "true", "1", "on" -> true;
      case "false", "0", "off" -> false;
      default -> throw new NumberFormatException(t);
    };
  }

  private static <N extends Number> N finite(N n) {
    if (Double.isNaN(n.doubleValue()) || Double.isInfinite(n.doubleValue())) {
      throw new NumberFormatException(n.toString());
    }
    return n;
  }
}
