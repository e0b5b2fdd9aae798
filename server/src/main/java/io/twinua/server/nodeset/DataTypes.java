package io.twinua.server.nodeset;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * The namespace-0 DataTypes a NodeSet variable may use in TwinUA, and which built-in value types
 * each accepts (a subtype such as Duration is carried as its built-in base type, Part 3 §8).
 */
public final class DataTypes {

  /** A supported DataType: its ns0 NodeId, OPC UA name and the value types it accepts. */
  public record DataTypeInfo(NodeId id, String name, Set<BuiltinType> accepted) {

    public DataTypeInfo {
      accepted = Set.copyOf(accepted);
    }

    /** True when every value of this type is a number (what limit alarms need). */
    public boolean isNumeric() {
      return accepted.stream().allMatch(BuiltinType::isNumeric);
    }
  }

  private static final Map<NodeId, DataTypeInfo> SUPPORTED = new LinkedHashMap<>();

  static {
    for (BuiltinType t : BuiltinType.values()) {
      if (t != BuiltinType.EXTENSION_OBJECT) {
        add(t.typeId(), t.xmlName(), EnumSet.of(t));
      }
    }
    add(24, "BaseDataType", EnumSet.allOf(BuiltinType.class));
    EnumSet<BuiltinType> numbers = EnumSet.noneOf(BuiltinType.class);
    for (BuiltinType t : BuiltinType.values()) {
      if (t.isNumeric()) {
        numbers.add(t);
      }
    }
    add(26, "Number", numbers);
    add(27, "Integer", EnumSet.of(BuiltinType.SBYTE, BuiltinType.INT16, BuiltinType.INT32, BuiltinType.INT64));
    add(28, "UInteger", EnumSet.of(BuiltinType.BYTE, BuiltinType.UINT16, BuiltinType.UINT32, BuiltinType.UINT64));
    add(29, "Enumeration", EnumSet.of(BuiltinType.INT32));
    add(290, "Duration", EnumSet.of(BuiltinType.DOUBLE));
    add(294, "UtcTime", EnumSet.of(BuiltinType.DATE_TIME));
    add(295, "LocaleId", EnumSet.of(BuiltinType.STRING));
    // the one structure TwinUA reads from a NodeSet: EURange properties of setpoints
    add(884, "Range", EnumSet.of(BuiltinType.EXTENSION_OBJECT));
  }

  private DataTypes() {}

  private static void add(int id, String name, Set<BuiltinType> accepted) {
    NodeId nodeId = new NodeId(0, id);
    SUPPORTED.put(nodeId, new DataTypeInfo(nodeId, name, accepted));
  }

  /** The supported DataType with this (server or file, both ns0) NodeId, if any. */
  public static Optional<DataTypeInfo> lookup(NodeId dataType) {
    return Optional.ofNullable(SUPPORTED.get(dataType));
  }

  /** True for DataTypes whose values are always numbers (Double, Int32, Number, ...). */
  public static boolean isNumeric(NodeId dataType) {
    return lookup(dataType).map(DataTypeInfo::isNumeric).orElse(false);
  }

  /** OPC UA name of the DataType for messages, or the NodeId text if it is not supported. */
  public static String name(NodeId dataType) {
    return lookup(dataType).map(DataTypeInfo::name).orElse(dataType.toParseableString());
  }
}
