package io.twinua.server.nodeset;

/**
 * Where something was found in a NodeSet file: 1-based line and column as the XML parser reports
 * them (for an element: just after its start tag).
 */
public record SourcePosition(int line, int column) {

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
