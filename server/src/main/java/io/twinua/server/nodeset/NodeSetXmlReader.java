package io.twinua.server.nodeset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * Streams through a UANodeSet document: header elements (NamespaceUris, Models, Aliases) first,
 * then one node element at a time, each read as an {@link XmlFragment} and handed to {@link
 * NodeDefinitionReader}. The schema puts the header before the nodes, so aliases are known when a
 * node is read.
 */
final class NodeSetXmlReader {

  static final String NODESET_NAMESPACE = "http://opcfoundation.org/UA/2011/03/UANodeSet.xsd";

  /** Real NodeSets nest a few levels (node, References, Reference / Value, ListOf, item, Text). */
  private static final int MAX_DEPTH = 32;

  private final Path file;
  private final XMLStreamReader xml;

  private final List<String> namespaceUris = new ArrayList<>(List.of(NodeSetModel.OPC_UA_NAMESPACE));
  private final List<XmlFragment> models = new ArrayList<>();
  private final List<XmlFragment> aliasElements = new ArrayList<>();
  private final Map<NodeId, NodeDefinition> nodes = new LinkedHashMap<>();

  private ParseContext context;
  private List<Integer> modelNamespaces;
  private Map<String, NodeId> aliases;
  private NodeDefinitionReader nodeReader;

  NodeSetXmlReader(Path file, XMLStreamReader xml) {
    this.file = file;
    this.xml = xml;
  }

  /** A StAX factory that refuses DTDs and never resolves external entities (XXE). */
  static XMLInputFactory secureFactory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    factory.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("external entity '" + systemId + "' is not allowed");
        });
    try {
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    } catch (IllegalArgumentException notSupportedByThisImplementation) {
      // SUPPORT_DTD=false and the resolver above already block external access
    }
    return factory;
  }

  NodeSetModel read() throws NodeSetException, XMLStreamException {
    int event = nextSignificant();
    if (event != XMLStreamConstants.START_ELEMENT) {
      throw error(here(), "empty document: no <UANodeSet> element");
    }
    if (!NODESET_NAMESPACE.equals(xml.getNamespaceURI()) || !"UANodeSet".equals(xml.getLocalName())) {
      throw error(
          here(),
          "not a UANodeSet document: root element is <" + xml.getLocalName() + "> in namespace '"
              + nullToEmpty(xml.getNamespaceURI()) + "', expected <UANodeSet> in " + NODESET_NAMESPACE);
    }
    while (nextSignificant() == XMLStreamConstants.START_ELEMENT) {
      readTopLevel();
    }
    while (xml.hasNext()) {
      if (nextSignificant() == XMLStreamConstants.START_ELEMENT) {
        throw error(here(), "content after </UANodeSet>");
      }
    }
    ensureContext();
    NodeSetChecks.check(context, nodes, aliases);
    return new NodeSetModel(file, namespaceUris, modelNamespaces, aliases, List.copyOf(nodes.values()));
  }

  private void readTopLevel() throws NodeSetException, XMLStreamException {
    SourcePosition position = here();
    String name = xml.getLocalName();
    if (!NODESET_NAMESPACE.equals(xml.getNamespaceURI())) {
      throw error(position, "element <" + name + "> in namespace '" + nullToEmpty(xml.getNamespaceURI()) + "' is not supported");
    }
    XmlFragment element = readFragment(0);
    switch (name) {
      case "NamespaceUris" -> {
        headerBeforeNodes(element);
        for (XmlFragment uri : element.children("Uri")) {
          if (namespaceUris.contains(uri.trimmedText())) {
            throw error(uri.position(), "namespace URI '" + uri.trimmedText() + "' listed twice");
          }
          namespaceUris.add(uri.trimmedText());
        }
      }
      case "Models" -> {
        headerBeforeNodes(element);
        models.addAll(element.children("Model"));
      }
      case "Aliases" -> {
        headerBeforeNodes(element);
        aliasElements.addAll(element.children("Alias"));
      }
      case "Extensions" -> {
        // vendor data (e.g. the modelling tool's own settings): nothing for the server
      }
      case "ServerUris", "UADataType", "UAReferenceType", "UAView" ->
          throw error(
              position,
              "<" + name + "> is not supported (TwinUA loads UAObject, UAVariable, UAMethod,"
                  + " UAObjectType and UAVariableType nodes)");
      default -> {
        if (!NodeDefinitionReader.isSupportedNode(name)) {
          throw error(position, "element <" + name + "> is not supported");
        }
        ensureContext();
        NodeDefinition node = nodeReader.read(element);
        NodeDefinition earlier = nodes.putIfAbsent(node.nodeId(), node);
        if (earlier != null) {
          throw error(
              position,
              "duplicate NodeId " + node.nodeId().toParseableString() + " (first defined at "
                  + earlier.position() + ")");
        }
      }
    }
  }

  private void headerBeforeNodes(XmlFragment element) throws NodeSetException {
    if (context != null) {
      throw error(element.position(), "<" + element.name() + "> must come before the first node");
    }
  }

  /** Resolves Models and Aliases once the header is complete (at the first node). */
  private void ensureContext() throws NodeSetException {
    if (context != null) {
      return;
    }
    Set<Integer> own = new LinkedHashSet<>();
    for (XmlFragment model : models) {
      String uri =
          model
              .attribute("ModelUri")
              .orElseThrow(() -> error(model.position(), "<Model> without ModelUri"))
              .strip();
      int index = namespaceUris.indexOf(uri);
      if (index < 1) {
        throw error(model.position(), "Model '" + uri + "' is not listed in NamespaceUris");
      }
      own.add(index);
    }
    if (own.isEmpty()) {
      for (int i = 1; i < namespaceUris.size(); i++) {
        own.add(i);
      }
    }
    if (own.isEmpty()) {
      throw error(null, "the file declares no namespace of its own (NamespaceUris is empty)");
    }
    modelNamespaces = List.copyOf(own);

    // aliases are parsed against the namespace table alone, so no alias may use another alias
    ParseContext aliasContext = new ParseContext(file, namespaceUris, own, Map.of());
    Map<String, NodeId> resolved = new HashMap<>();
    for (XmlFragment alias : aliasElements) {
      String name =
          alias.attribute("Alias").orElseThrow(() -> error(alias.position(), "<Alias> without Alias name")).strip();
      NodeId target = aliasContext.nodeId(alias.trimmedText(), alias.position(), " (alias '" + name + "')");
      if (resolved.putIfAbsent(name, target) != null) {
        throw error(alias.position(), "alias '" + name + "' defined twice");
      }
    }
    aliases = Map.copyOf(resolved);
    context = new ParseContext(file, namespaceUris, own, aliases);
    nodeReader = new NodeDefinitionReader(context);
  }

  /** Reads the element at the cursor, including everything inside it, and ends on its end tag. */
  private XmlFragment readFragment(int depth) throws NodeSetException, XMLStreamException {
    SourcePosition position = here();
    if (depth > MAX_DEPTH) {
      throw error(position, "elements nested deeper than " + MAX_DEPTH + " levels");
    }
    String namespace = nullToEmpty(xml.getNamespaceURI());
    String name = xml.getLocalName();
    Map<String, String> attributes = new HashMap<>();
    for (int i = 0; i < xml.getAttributeCount(); i++) {
      String attributeNamespace = nullToEmpty(xml.getAttributeNamespace(i));
      String key =
          attributeNamespace.isEmpty()
              ? xml.getAttributeLocalName(i)
              : "{" + attributeNamespace + "}" + xml.getAttributeLocalName(i);
      attributes.put(key, xml.getAttributeValue(i));
    }
    StringBuilder text = new StringBuilder();
    List<XmlFragment> children = new ArrayList<>();
    while (true) {
      int event = xml.next();
      switch (event) {
        case XMLStreamConstants.START_ELEMENT -> children.add(readFragment(depth + 1));
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
            text.append(xml.getText());
        case XMLStreamConstants.END_ELEMENT -> {
          return new XmlFragment(namespace, name, attributes, text.toString(), children, position);
        }
        case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> {
          // no meaning in a NodeSet
        }
        case XMLStreamConstants.ENTITY_REFERENCE ->
            throw error(here(), "entity reference '" + xml.getLocalName() + "' is not allowed");
        default -> throw error(here(), "unexpected XML content (event " + event + ")");
      }
    }
  }

  /** Next start or end tag, skipping whitespace and comments; END_DOCUMENT at the end. */
  private int nextSignificant() throws NodeSetException, XMLStreamException {
    while (xml.hasNext()) {
      int event = xml.next();
      switch (event) {
        case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT, XMLStreamConstants.END_DOCUMENT -> {
          return event;
        }
        case XMLStreamConstants.DTD -> throw error(here(), "a DTD (<!DOCTYPE>) is not allowed in a NodeSet");
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          if (!xml.isWhiteSpace()) {
            throw error(here(), "unexpected text '" + abbreviate(xml.getText().strip()) + "'");
          }
        }
        case XMLStreamConstants.ENTITY_REFERENCE ->
            throw error(here(), "entity reference '" + xml.getLocalName() + "' is not allowed");
        default -> {
          // comments, processing instructions, start of document
        }
      }
    }
    return XMLStreamConstants.END_DOCUMENT;
  }

  /**
   * The parser's position after the current event: for a start tag, just after its '>' (StAX
   * gives no start offsets; NodeSet tools write one start tag per line, so the line is exact).
   */
  private SourcePosition here() {
    Location location = xml.getLocation();
    return new SourcePosition(location.getLineNumber(), location.getColumnNumber());
  }

  private NodeSetException error(SourcePosition position, String problem) {
    return new NodeSetException(file, position, problem);
  }

  private static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
