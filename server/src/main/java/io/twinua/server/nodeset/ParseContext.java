package io.twinua.server.nodeset;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;

/**
 * What node definitions are read against: the file (for messages), its namespace table, its
 * model namespaces and its aliases. Turns text into NodeIds and BrowseNames or a {@link
 * NodeSetException} naming the position.
 */
final class ParseContext {

  private static final Pattern NODE_ID_START = Pattern.compile("^(ns=|nsu=|[isgb]=).*", Pattern.DOTALL);
  private static final Pattern PREFIXED_NAME = Pattern.compile("^(\\d+):(.*)$", Pattern.DOTALL);

  private final Path file;
  private final List<String> namespaceUris;
  private final Set<Integer> modelNamespaces;
  private final Map<String, NodeId> aliases;

  ParseContext(
      Path file, List<String> namespaceUris, Set<Integer> modelNamespaces, Map<String, NodeId> aliases) {
    this.file = file;
    this.namespaceUris = List.copyOf(namespaceUris);
    this.modelNamespaces = Set.copyOf(modelNamespaces);
    this.aliases = Map.copyOf(aliases);
  }

  Path file() {
    return file;
  }

  NodeSetException error(SourcePosition position, String problem) {
    return new NodeSetException(file, position, problem);
  }

  /** True for NodeIds in a namespace this file defines (where every target must exist in it). */
  boolean isModelNamespace(NodeId nodeId) {
    return modelNamespaces.contains(nodeId.getNamespaceIndex().intValue());
  }

  NodeId nodeId(String text, SourcePosition position, String suffix) throws NodeSetException {
    try {
      return NodeIdSyntax.parse(text, namespaceUris.size(), namespaceUris::indexOf);
    } catch (IllegalArgumentException e) {
      throw error(position, e.getMessage() + suffix);
    }
  }

  /** An alias name (e.g. {@code Double}, {@code HasComponent}) or a NodeId. */
  NodeId aliasOrNodeId(String text, SourcePosition position, String what, String suffix)
      throws NodeSetException {
    NodeId alias = aliases.get(text.strip());
    if (alias != null) {
      return alias;
    }
    if (!NODE_ID_START.matcher(text.strip()).matches()) {
      throw error(position, "unknown " + what + " alias '" + text.strip() + "'" + suffix);
    }
    return nodeId(text, position, suffix);
  }

  /** A BrowseName {@code [<ns index>:]<name>}. */
  QualifiedName browseName(String text, SourcePosition position, String suffix)
      throws NodeSetException {
    int ns = 0;
    String name = text;
    Matcher m = PREFIXED_NAME.matcher(text);
    if (m.matches()) {
      try {
        ns = Integer.parseInt(m.group(1));
      } catch (NumberFormatException e) {
        ns = Integer.MAX_VALUE;
      }
      name = m.group(2);
      if (ns >= namespaceUris.size()) {
        throw error(
            position,
            "BrowseName '" + text + "' uses namespace index " + m.group(1)
                + ", which is not declared in NamespaceUris" + suffix);
      }
    }
    if (name.isEmpty()) {
      throw error(position, "empty BrowseName" + suffix);
    }
    if (name.length() > 512) {
      throw error(position, "BrowseName longer than 512 characters" + suffix);
    }
    return new QualifiedName(ns, name);
  }
}
