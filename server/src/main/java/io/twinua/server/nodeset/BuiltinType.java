package io.twinua.server.nodeset;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;

/**
 * The OPC UA built-in types a NodeSet {@code Value} may hold in TwinUA (Part 6 §5.1.2), with the
 * element name used in the UA types XML namespace and the Java class Milo uses for them.
 */
public enum BuiltinType {
  BOOLEAN("Boolean", 1, Boolean.class, false),
  SBYTE("SByte", 2, Byte.class, true),
  BYTE("Byte", 3, UByte.class, true),
  INT16("Int16", 4, Short.class, true),
  UINT16("UInt16", 5, UShort.class, true),
  INT32("Int32", 6, Integer.class, true),
  UINT32("UInt32", 7, UInteger.class, true),
  INT64("Int64", 8, Long.class, true),
  UINT64("UInt64", 9, ULong.class, true),
  FLOAT("Float", 10, Float.class, true),
  DOUBLE("Double", 11, Double.class, true),
  STRING("String", 12, String.class, false),
  DATE_TIME("DateTime", 13, DateTime.class, false),
  GUID("Guid", 14, UUID.class, false),
  BYTE_STRING("ByteString", 15, ByteString.class, false),
  NODE_ID("NodeId", 17, NodeId.class, false),
  LOCALIZED_TEXT("LocalizedText", 21, LocalizedText.class, false),
  /** Only with a Range body (the EURange property, Part 8 §5.6.2): Milo's {@link Range}. */
  EXTENSION_OBJECT("ExtensionObject", 22, Range.class, false);

  private static final Map<String, BuiltinType> BY_XML_NAME =
      Arrays.stream(values()).collect(Collectors.toMap(BuiltinType::xmlName, Function.identity()));

  private final String xmlName;
  private final int typeId;
  private final Class<?> javaClass;
  private final boolean numeric;

  BuiltinType(String xmlName, int typeId, Class<?> javaClass, boolean numeric) {
    this.xmlName = xmlName;
    this.typeId = typeId;
    this.javaClass = javaClass;
    this.numeric = numeric;
  }

  /** Element name in the UA types namespace, also the OPC UA name of the type. */
  public String xmlName() {
    return xmlName;
  }

  /** NodeId of the DataType node in namespace 0. */
  public NodeId dataTypeId() {
    return new NodeId(0, typeId);
  }

  int typeId() {
    return typeId;
  }

  /** The class of the values Milo puts into a Variant for this type. */
  public Class<?> javaClass() {
    return javaClass;
  }

  public boolean isNumeric() {
    return numeric;
  }

  static Optional<BuiltinType> ofXmlName(String name) {
    return Optional.ofNullable(BY_XML_NAME.get(name));
  }
}
