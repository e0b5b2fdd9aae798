package io.twinua.server.nodeset;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.twinua.server.nodeset.DataTypes.DataTypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;

/**
 * Turns one node element ({@code UAObject}, {@code UAVariable}, ...) into its {@link
 * NodeDefinition}, checking attributes, child elements, aliases, DataType and value. Checks that
 * need the whole file (duplicates, reference targets) are done by {@link NodeSetChecks}.
 */
final class NodeDefinitionReader {

  private static final Set<String> COMMON_ATTRIBUTES =
      Set.of("NodeId", "BrowseName", "SymbolicName", "WriteMask", "UserWriteMask", "ReleaseStatus");

  /** Children we read, and children that carry nothing TwinUA needs (documentation, vendor data). */
  private static final Set<String> COMMON_CHILDREN = Set.of("DisplayName", "Description", "References");

  private static final Set<String> IGNORED_CHILDREN = Set.of("Category", "Documentation", "Extensions");

  private final ParseContext context;
  private final ValueReader values;

  NodeDefinitionReader(ParseContext context) {
    this.context = context;
    this.values = new ValueReader(context);
  }

  /** Whether {@code elementName} is a node element this reader handles. */
  static boolean isSupportedNode(String elementName) {
    return switch (elementName) {
      case "UAObject", "UAVariable", "UAMethod", "UAObjectType", "UAVariableType" -> true;
      default -> false;
    };
  }

  NodeDefinition read(XmlFragment element) throws NodeSetException {
    String nodeIdText =
        element
            .attribute("NodeId")
            .orElseThrow(() -> context.error(element.position(), "<" + element.name() + "> without NodeId"));
    NodeId nodeId = context.nodeId(nodeIdText, element.position(), " (NodeId of <" + element.name() + ">)");
    String on = " on " + nodeIdText.strip();

    return switch (element.name()) {
      case "UAObject" -> {
        check(element, on, Set.of("ParentNodeId", "EventNotifier"), Set.of());
        yield new ObjectDefinition(
            common(element, nodeId, on),
            parent(element, on),
            (int) unsigned(element, "EventNotifier", 0, 0xFF, on));
      }
      case "UAObjectType" -> {
        check(element, on, Set.of("IsAbstract"), Set.of());
        yield new ObjectTypeDefinition(common(element, nodeId, on), bool(element, "IsAbstract", false, on));
      }
      case "UAMethod" -> {
        check(element, on, Set.of("ParentNodeId", "MethodDeclarationId", "Executable", "UserExecutable"), Set.of());
        yield new MethodDefinition(
            common(element, nodeId, on),
            parent(element, on),
            optionalNodeId(element, "MethodDeclarationId", on),
            bool(element, "Executable", true, on),
            bool(element, "UserExecutable", true, on));
      }
      case "UAVariable" -> variable(element, nodeId, on);
      case "UAVariableType" -> variableType(element, nodeId, on);
      default -> throw context.error(element.position(), "<" + element.name() + "> is not supported");
    };
  }

  private VariableDefinition variable(XmlFragment element, NodeId nodeId, String on)
      throws NodeSetException {
    check(
        element,
        on,
        Set.of(
            "ParentNodeId", "DataType", "ValueRank", "ArrayDimensions", "AccessLevel",
            "UserAccessLevel", "MinimumSamplingInterval", "Historizing"),
        Set.of("Value"));
    CommonAttributes common = common(element, nodeId, on);
    DataTypeInfo dataType = dataType(element, on);
    int valueRank = valueRank(element, on);
    List<UInteger> dimensions = arrayDimensions(element, valueRank, on);
    Optional<NodeValue> value = value(element, dataType, valueRank, dimensions, on);
    return new VariableDefinition(
        common,
        parent(element, on),
        dataType.id(),
        valueRank,
        dimensions,
        (int) unsigned(element, "AccessLevel", 1, 0xFF, on),
        (int) unsigned(element, "UserAccessLevel", 1, 0xFF, on),
        bool(element, "Historizing", false, on),
        decimal(element, "MinimumSamplingInterval", 0.0, on),
        value);
  }

  private VariableTypeDefinition variableType(XmlFragment element, NodeId nodeId, String on)
      throws NodeSetException {
    check(element, on, Set.of("DataType", "ValueRank", "ArrayDimensions", "IsAbstract"), Set.of("Value"));
    CommonAttributes common = common(element, nodeId, on);
    DataTypeInfo dataType = dataType(element, on);
    int valueRank = valueRank(element, on);
    List<UInteger> dimensions = arrayDimensions(element, valueRank, on);
    return new VariableTypeDefinition(
        common,
        dataType.id(),
        valueRank,
        dimensions,
        bool(element, "IsAbstract", false, on),
        value(element, dataType, valueRank, dimensions, on));
  }

  /** Rejects attributes and child elements this node class does not have or TwinUA does not support. */
  private void check(XmlFragment element, String on, Set<String> attributes, Set<String> children)
      throws NodeSetException {
    for (String attribute : element.attributes().keySet()) {
      if (!COMMON_ATTRIBUTES.contains(attribute) && !attributes.contains(attribute)) {
        throw context.error(
            element.position(),
            "attribute " + attribute + " of <" + element.name() + "> is not supported" + on);
      }
    }
    for (XmlFragment child : element.children()) {
      String name = child.name();
      boolean known =
          COMMON_CHILDREN.contains(name) || IGNORED_CHILDREN.contains(name) || children.contains(name);
      if (!known || !NodeSetXmlReader.NODESET_NAMESPACE.equals(child.namespace())) {
        throw context.error(
            child.position(), "element <" + name + "> in <" + element.name() + "> is not supported" + on);
      }
    }
    if (!element.trimmedText().isEmpty()) {
      throw context.error(element.position(), "unexpected text in <" + element.name() + ">" + on);
    }
  }

  private CommonAttributes common(XmlFragment element, NodeId nodeId, String on)
      throws NodeSetException {
    String browseNameText =
        element
            .attribute("BrowseName")
            .orElseThrow(() -> context.error(element.position(), "missing BrowseName" + on));
    QualifiedName browseName = context.browseName(browseNameText, element.position(), on);
    LocalizedText displayName =
        localizedText(element, "DisplayName").orElse(LocalizedText.english(browseName.name()));
    LocalizedText description = localizedText(element, "Description").orElse(LocalizedText.NULL_VALUE);
    return new CommonAttributes(
        nodeId,
        browseName,
        displayName,
        description,
        uint(unsigned(element, "WriteMask", 0, 0xFFFF_FFFFL, on)),
        uint(unsigned(element, "UserWriteMask", 0, 0xFFFF_FFFFL, on)),
        references(element, on),
        element.position());
  }

  /** The first DisplayName/Description; the file may give one per locale, one is enough here. */
  private static Optional<LocalizedText> localizedText(XmlFragment element, String name) {
    return element
        .child(name)
        .map(c -> new LocalizedText(c.attribute("Locale").orElse(null), c.trimmedText()));
  }

  private List<ReferenceDefinition> references(XmlFragment element, String on) throws NodeSetException {
    List<ReferenceDefinition> references = new ArrayList<>();
    Optional<XmlFragment> list = element.child("References");
    if (list.isEmpty()) {
      return references;
    }
    for (XmlFragment reference : list.get().children()) {
      if (!reference.name().equals("Reference")) {
        throw context.error(
            reference.position(), "element <" + reference.name() + "> in <References> is not supported" + on);
      }
      for (String attribute : reference.attributes().keySet()) {
        if (!attribute.equals("ReferenceType") && !attribute.equals("IsForward")) {
          throw context.error(
              reference.position(), "attribute " + attribute + " of <Reference> is not supported" + on);
        }
      }
      String typeText =
          reference
              .attribute("ReferenceType")
              .orElseThrow(() -> context.error(reference.position(), "<Reference> without ReferenceType" + on));
      NodeId type = context.aliasOrNodeId(typeText, reference.position(), "ReferenceType", on);
      boolean forward = bool(reference, "IsForward", true, on);
      if (reference.trimmedText().isEmpty()) {
        throw context.error(reference.position(), "<Reference> without target NodeId" + on);
      }
      NodeId target = context.nodeId(reference.trimmedText(), reference.position(), on);
      references.add(new ReferenceDefinition(type, target, forward, reference.position()));
    }
    return references;
  }

  private Optional<NodeId> parent(XmlFragment element, String on) throws NodeSetException {
    return optionalNodeId(element, "ParentNodeId", on);
  }

  private Optional<NodeId> optionalNodeId(XmlFragment element, String attribute, String on)
      throws NodeSetException {
    Optional<String> text = element.attribute(attribute);
    return text.isEmpty()
        ? Optional.empty()
        : Optional.of(context.nodeId(text.get(), element.position(), " (" + attribute + ")" + on));
  }

  private DataTypeInfo dataType(XmlFragment element, String on) throws NodeSetException {
    String text = element.attribute("DataType").orElse("i=24");
    NodeId id = context.aliasOrNodeId(text, element.position(), "DataType", on);
    return DataTypes.lookup(id)
        .orElseThrow(
            () ->
                context.error(
                    element.position(),
                    "unknown or unsupported data type " + text.strip()
                        + (text.strip().equals(id.toParseableString()) ? "" : " (" + id.toParseableString() + ")")
                        + on));
  }

  private int valueRank(XmlFragment element, String on) throws NodeSetException {
    Optional<String> text = element.attribute("ValueRank");
    if (text.isEmpty()) {
      return -1;
    }
    try {
      int rank = Integer.parseInt(text.get().strip());
      if (rank >= -3) {
        return rank;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw context.error(element.position(), "bad ValueRank '" + text.get() + "'" + on);
  }

  /** Part 3 §5.6.2: one dimension length per dimension, only for arrays. */
  private List<UInteger> arrayDimensions(XmlFragment element, int valueRank, String on)
      throws NodeSetException {
    Optional<String> text = element.attribute("ArrayDimensions");
    if (text.isEmpty() || text.get().isBlank()) {
      return List.of();
    }
    List<UInteger> dimensions = new ArrayList<>();
    for (String part : text.get().split(",")) {
      try {
        long length = Long.parseLong(part.strip());
        if (length < 0 || length > 0xFFFF_FFFFL) {
          throw new NumberFormatException();
        }
        dimensions.add(uint(length));
      } catch (NumberFormatException e) {
        throw context.error(element.position(), "bad ArrayDimensions '" + text.get() + "'" + on);
      }
    }
    if (valueRank < 0 || valueRank > 0 && dimensions.size() != valueRank) {
      throw context.error(
          element.position(),
          "ArrayDimensions '" + text.get() + "' do not fit ValueRank " + valueRank + on);
    }
    return dimensions;
  }

  private Optional<NodeValue> value(
      XmlFragment element, DataTypeInfo dataType, int valueRank, List<UInteger> dimensions, String on)
      throws NodeSetException {
    Optional<XmlFragment> value = element.child("Value");
    return value.isEmpty() ? Optional.empty() : values.read(value.get(), dataType, valueRank, dimensions, on);
  }

  private long unsigned(XmlFragment element, String attribute, long defaultValue, long max, String on)
      throws NodeSetException {
    Optional<String> text = element.attribute(attribute);
    if (text.isEmpty()) {
      return defaultValue;
    }
    try {
      long value = Long.parseLong(text.get().strip());
      if (value >= 0 && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw context.error(element.position(), "bad " + attribute + " '" + text.get() + "' (0.." + max + ")" + on);
  }

  private boolean bool(XmlFragment element, String attribute, boolean defaultValue, String on)
      throws NodeSetException {
    Optional<String> text = element.attribute(attribute);
    if (text.isEmpty()) {
      return defaultValue;
    }
    return switch (text.get().strip()) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw context.error(element.position(), "bad " + attribute + " '" + text.get() + "'" + on);
    };
  }

  private double decimal(XmlFragment element, String attribute, double defaultValue, String on)
      throws NodeSetException {
    Optional<String> text = element.attribute(attribute);
    if (text.isEmpty()) {
      return defaultValue;
    }
    try {
      double value = Double.parseDouble(text.get().strip());
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw context.error(element.position(), "bad " + attribute + " '" + text.get() + "'" + on);
  }
}
