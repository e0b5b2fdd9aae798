package io.twinua.server.nodeset;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One XML element read into memory (a node definition and everything inside it), so the node
 * can be checked as a whole with positions for every part. Unqualified attributes are keyed by
 * local name, qualified ones by {@code {namespace}local}.
 */
record XmlFragment(
    String namespace,
    String name,
    Map<String, String> attributes,
    String text,
    List<XmlFragment> children,
    SourcePosition position) {

  XmlFragment {
    attributes = Map.copyOf(attributes);
    children = List.copyOf(children);
  }

  Optional<String> attribute(String localName) {
    return Optional.ofNullable(attributes.get(localName));
  }

  List<XmlFragment> children(String localName) {
    return children.stream().filter(c -> c.name.equals(localName)).toList();
  }

  Optional<XmlFragment> child(String localName) {
    return children.stream().filter(c -> c.name.equals(localName)).findFirst();
  }

  String trimmedText() {
    return text.strip();
  }
}
