package io.twinua.server.nodeset;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ulong;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import io.twinua.server.nodeset.DataTypes.DataTypeInfo;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;

/**
 * Reads a {@code Value} element (Part 6 §5.3 XML encoding of built-in types) and checks it
 * against the node's DataType, ValueRank and ArrayDimensions.
 */
final class ValueReader {

  /** Namespace of the value elements ({@code uax:Double}, {@code uax:ListOfDouble}, ...). */
  static final String TYPES_NAMESPACE = "http://opcfoundation.org/UA/2008/02/Types.xsd";

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern BOOLEAN = Pattern.compile("true|false|1|0");

  private static final List<String> RANGE_TYPE_IDS = List.of("i=884", "i=885");

  private final ParseContext context;

  ValueReader(ParseContext context) {
    this.context = context;
  }

  /**
   * @param onNode message suffix naming the node, e.g. {@code " on ns=1;s=Plant.X"}
   */
  Optional<NodeValue> read(
      XmlFragment valueElement,
      DataTypeInfo dataType,
      int valueRank,
      List<UInteger> arrayDimensions,
      String onNode)
      throws NodeSetException {
    List<XmlFragment> children = valueElement.children();
    if (children.isEmpty()) {
      if (!valueElement.trimmedText().isEmpty()) {
        throw context.error(
            valueElement.position(),
            "Value must hold an element such as <uax:Double>, not bare text" + onNode);
      }
      return Optional.empty();
    }
    if (children.size() > 1) {
      throw context.error(
          children.get(1).position(), "Value holds " + children.size() + " elements, expected one" + onNode);
    }
    XmlFragment element = children.get(0);
    if (!TYPES_NAMESPACE.equals(element.namespace())) {
      throw context.error(
          element.position(),
          "value element <" + element.name() + "> is not in the UA types namespace "
              + TYPES_NAMESPACE + onNode);
    }
    boolean array = element.name().startsWith("ListOf");
    String typeName = array ? element.name().substring("ListOf".length()) : element.name();
    BuiltinType type =
        BuiltinType.ofXmlName(typeName)
            .orElseThrow(
                () ->
                    context.error(
                        element.position(),
                        "value type " + element.name() + " is not supported" + onNode));
    if (!dataType.accepted().contains(type)) {
      throw context.error(
          element.position(),
          "value of type " + typeName + " does not match DataType " + dataType.name() + onNode);
    }
    checkRank(element, array, valueRank, onNode);

    if (!array) {
      return Optional.of(NodeValue.scalar(type, parse(type, element, onNode)));
    }
    if (!element.trimmedText().isEmpty()) {
      throw context.error(element.position(), element.name() + " must hold only <" + typeName + "> elements" + onNode);
    }
    List<Object> values = new ArrayList<>();
    for (XmlFragment item : element.children()) {
      if (!item.name().equals(typeName) || !TYPES_NAMESPACE.equals(item.namespace())) {
        throw context.error(
            item.position(), element.name() + " holds <" + item.name() + ">, expected <" + typeName + ">" + onNode);
      }
      values.add(parse(type, item, onNode));
    }
    if (!arrayDimensions.isEmpty()) {
      long max = arrayDimensions.get(0).longValue();
      if (max > 0 && values.size() > max) {
        throw context.error(
            element.position(),
            "array of " + values.size() + " elements exceeds ArrayDimensions " + max + onNode);
      }
    }
    return Optional.of(NodeValue.array(type, values));
  }

  private void checkRank(XmlFragment element, boolean array, int valueRank, String onNode)
      throws NodeSetException {
    if (array && valueRank == -1) {
      throw context.error(
          element.position(),
          "array value <" + element.name() + "> on a scalar variable (ValueRank -1)" + onNode);
    }
    if (array && valueRank > 1) {
      throw context.error(
          element.position(),
          "ValueRank " + valueRank + " needs a multi-dimensional (Matrix) value, which is not supported" + onNode);
    }
    if (!array && valueRank >= 0) {
      throw context.error(
          element.position(),
          "scalar value <" + element.name() + "> on an array variable (ValueRank " + valueRank + ")" + onNode);
    }
  }

  private Object parse(BuiltinType type, XmlFragment element, String onNode) throws NodeSetException {
    switch (type) {
      case GUID:
        return guid(element, onNode);
      case NODE_ID:
        return nodeId(element, onNode);
      case LOCALIZED_TEXT:
        return localizedText(element, onNode);
      case EXTENSION_OBJECT:
        return range(element, onNode);
      default:
        break;
    }
    if (!element.children().isEmpty()) {
      throw context.error(element.position(), "<" + element.name() + "> must hold text, not elements" + onNode);
    }
    String raw = element.text();
    String text = raw.strip();
    Object value =
        switch (type) {
          case BOOLEAN -> BOOLEAN.matcher(text).matches() ? text.equals("true") || text.equals("1") : null;
          case SBYTE -> integer(text, Byte.MIN_VALUE, Byte.MAX_VALUE, BigInteger::byteValue);
          case BYTE -> integer(text, 0, 0xFF, v -> ubyte(v.longValue()));
          case INT16 -> integer(text, Short.MIN_VALUE, Short.MAX_VALUE, BigInteger::shortValue);
          case UINT16 -> integer(text, 0, 0xFFFF, v -> ushort(v.intValue()));
          case INT32 -> integer(text, Integer.MIN_VALUE, Integer.MAX_VALUE, BigInteger::intValue);
          case UINT32 -> integer(text, 0, 0xFFFF_FFFFL, v -> uint(v.longValue()));
          case INT64 -> integer(text, Long.MIN_VALUE, Long.MAX_VALUE, BigInteger::longValue);
          case UINT64 -> uint64(text);
          case FLOAT -> floatValue(text);
          case DOUBLE -> doubleValue(text);
          case STRING -> raw;
          case DATE_TIME -> dateTime(text);
          case BYTE_STRING -> byteString(text);
          default -> throw new IllegalStateException("unhandled type " + type);
        };
    if (value == null) {
      throw context.error(
          element.position(), "'" + text + "' is not a valid " + type.xmlName() + onNode);
    }
    return value;
  }

  /** An xs:integer within [min, max] converted to the Java type, or null if not valid. */
  private static Object integer(String text, long min, long max, Function<BigInteger, Object> convert) {
    if (!INTEGER.matcher(text).matches()) {
      return null;
    }
    BigInteger value = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
    boolean inRange =
        value.compareTo(BigInteger.valueOf(min)) >= 0 && value.compareTo(BigInteger.valueOf(max)) <= 0;
    return inRange ? convert.apply(value) : null;
  }

  private static Object uint64(String text) {
    if (!INTEGER.matcher(text).matches()) {
      return null;
    }
    BigInteger value = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
    boolean inRange = value.signum() >= 0 && value.bitLength() <= 64;
    return inRange ? ulong(value) : null;
  }

  private static Double doubleValue(String text) {
    switch (text) {
      case "INF":
        return Double.POSITIVE_INFINITY;
      case "-INF":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        if (!DECIMAL.matcher(text).matches()) {
          return null;
        }
        double value = Double.parseDouble(text);
        return Double.isInfinite(value) ? null : value;
    }
  }

  private static Float floatValue(String text) {
    Double value = doubleValue(text);
    if (value == null) {
      return null;
    }
    float f = value.floatValue();
    return Float.isInfinite(f) && !Double.isInfinite(value) ? null : f;
  }

  /** xs:dateTime; a time without offset is taken as UTC (Part 6 §5.3.1.6). */
  private static DateTime dateTime(String text) {
    try {
      return new DateTime(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      try {
        Instant instant = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        return new DateTime(instant);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private static ByteString byteString(String text) {
    try {
      return ByteString.of(Base64.getDecoder().decode(text.replaceAll("\\s", "")));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private UUID guid(XmlFragment element, String onNode) throws NodeSetException {
    String text = element.child("String").map(XmlFragment::trimmedText).orElse(element.trimmedText());
    checkOnlyChildren(element, List.of("String"), onNode);
    if (!NodeIdSyntax.GUID.matcher(text).matches()) {
      throw context.error(element.position(), "'" + text + "' is not a valid Guid" + onNode);
    }
    return UUID.fromString(text);
  }

  private NodeId nodeId(XmlFragment element, String onNode) throws NodeSetException {
    checkOnlyChildren(element, List.of("Identifier"), onNode);
    XmlFragment identifier =
        element
            .child("Identifier")
            .orElseThrow(
                () -> context.error(element.position(), "<NodeId> value needs an <Identifier>" + onNode));
    return context.nodeId(identifier.trimmedText(), identifier.position(), onNode);
  }

  private LocalizedText localizedText(XmlFragment element, String onNode) throws NodeSetException {
    checkOnlyChildren(element, List.of("Locale", "Text"), onNode);
    String locale = element.child("Locale").map(XmlFragment::trimmedText).orElse(null);
    String text = element.child("Text").map(XmlFragment::text).orElse(null);
    return new LocalizedText(locale, text);
  }

  /**
   * An ExtensionObject holding a Range (Part 6 §5.3.1.16: TypeId is the Range DataType i=884 or
   * its XML encoding i=885; Body holds {@code <Range><Low/><High/></Range>}); low must not exceed
   * high. Other structures are not supported.
   */
  private Range range(XmlFragment element, String onNode) throws NodeSetException {
    checkOnlyChildren(element, List.of("TypeId", "Body"), onNode);
    String typeId = element.child("TypeId").flatMap(t -> t.child("Identifier")).map(XmlFragment::trimmedText).orElse("");
    if (!RANGE_TYPE_IDS.contains(typeId)) {
      throw context.error(element.position(),
          "ExtensionObject with TypeId '" + typeId + "' is not supported (only Range, i=884 or i=885)" + onNode);
    }
    XmlFragment range = element.child("Body").flatMap(b -> b.child("Range"))
        .orElseThrow(() -> context.error(element.position(), "ExtensionObject needs <Body><Range>" + onNode));
    checkOnlyChildren(range, List.of("Low", "High"), onNode);
    Double low = range.child("Low").map(XmlFragment::trimmedText).map(ValueReader::doubleValue).orElse(null);
    Double high = range.child("High").map(XmlFragment::trimmedText).map(ValueReader::doubleValue).orElse(null);
    if (low == null || high == null || low.isNaN() || high.isNaN() || low > high) {
      throw context.error(range.position(), "Range needs numbers <Low> <= <High>" + onNode);
    }
    return new Range(low, high);
  }

  private void checkOnlyChildren(XmlFragment element, List<String> allowed, String onNode)
      throws NodeSetException {
    for (XmlFragment child : element.children()) {
      if (!allowed.contains(child.name())) {
        throw context.error(
            child.position(), "unexpected <" + child.name() + "> in <" + element.name() + ">" + onNode);
      }
    }
  }
}
