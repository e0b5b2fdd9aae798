package io.twinua.server.nodeset;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.Base64;
import java.util.UUID;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * The NodeId string syntax of Part 6 §5.3.1.10 ({@code ns=1;s=Plant.X}, {@code i=85},
 * {@code nsu=urn:x;g=...}, {@code b=base64}), parsed strictly so a typo is reported, not guessed.
 */
final class NodeIdSyntax {

  static final Pattern GUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private NodeIdSyntax() {}

  /**
   * Parses {@code text} into a NodeId with a file-relative namespace index.
   *
   * @param namespaceCount how many namespaces the file declares, including ns0
   * @param uriIndex file index of a namespace URI ({@code nsu=}), or -1 if not declared
   * @throws IllegalArgumentException with a message saying what is wrong
   */
  static NodeId parse(String text, int namespaceCount, ToIntFunction<String> uriIndex) {
    String rest = text.strip();
    int ns = 0;
    if (rest.startsWith("ns=") || rest.startsWith("nsu=")) {
      int semicolon = rest.indexOf(';');
      if (semicolon < 0) {
        throw new IllegalArgumentException("bad NodeId '" + text + "': missing ';' after the namespace");
      }
      String namespace = rest.substring(rest.indexOf('=') + 1, semicolon);
      if (rest.startsWith("nsu=")) {
        ns = uriIndex.applyAsInt(namespace);
        if (ns < 0) {
          throw new IllegalArgumentException(
              "bad NodeId '" + text + "': namespace URI '" + namespace + "' is not in NamespaceUris");
        }
      } else {
        ns = (int) parseUnsigned(namespace, 0xFFFF, text, "namespace index");
      }
      rest = rest.substring(semicolon + 1);
    }
    if (ns >= namespaceCount) {
      throw new IllegalArgumentException(
          "bad NodeId '" + text + "': namespace index " + ns + " is not declared in NamespaceUris");
    }
    if (rest.length() < 2 || rest.charAt(1) != '=') {
      throw new IllegalArgumentException(
          "bad NodeId '" + text + "': expected an i=, s=, g= or b= identifier");
    }
    String id = rest.substring(2);
    switch (rest.charAt(0)) {
      case 'i':
        return new NodeId(ns, uint(parseUnsigned(id, 0xFFFF_FFFFL, text, "numeric identifier")));
      case 's':
        if (id.isEmpty()) {
          throw new IllegalArgumentException("bad NodeId '" + text + "': empty string identifier");
        }
        return new NodeId(ns, id);
      case 'g':
        if (!GUID.matcher(id).matches()) {
          throw new IllegalArgumentException("bad NodeId '" + text + "': '" + id + "' is not a GUID");
        }
        return new NodeId(ns, UUID.fromString(id));
      case 'b':
        try {
          return new NodeId(ns, ByteString.of(Base64.getDecoder().decode(id)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("bad NodeId '" + text + "': identifier is not base64");
        }
      default:
        throw new IllegalArgumentException(
            "bad NodeId '" + text + "': expected an i=, s=, g= or b= identifier");
    }
  }

  private static long parseUnsigned(String digits, long max, String text, String what) {
    long value;
    try {
      if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
        throw new NumberFormatException();
      }
      value = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < 0 || value > max) {
      throw new IllegalArgumentException("bad NodeId '" + text + "': bad " + what + " '" + digits + "'");
    }
    return value;
  }
}
