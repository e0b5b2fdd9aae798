package io.twinua.server.nodeset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a UANodeSet (NodeSet2) XML file into a checked {@link NodeSetModel}. Supported: {@code
 * NamespaceUris}, {@code Models}, {@code Aliases}, {@code UAObject}, {@code UAVariable}, {@code
 * UAMethod}, {@code UAObjectType}, {@code UAVariableType} with their references and scalar or
 * one-dimensional built-in values; anything else is refused with a "not supported" message rather
 * than silently dropped.
 */
public final class NodeSetLoader {

  private NodeSetLoader() {}

  public static NodeSetModel load(Path file) throws NodeSetException {
    if (!Files.isRegularFile(file)) {
      throw new NodeSetException(file, null, "file not found");
    }
    try (InputStream in = Files.newInputStream(file)) {
      XMLStreamReader xml = NodeSetXmlReader.secureFactory().createXMLStreamReader(in);
      try {
        return new NodeSetXmlReader(file, xml).read();
      } finally {
        xml.close();
      }
    } catch (XMLStreamException e) {
      throw notWellFormed(file, e);
    } catch (NoSuchFileException e) {
      throw new NodeSetException(file, null, "file not found", e);
    } catch (IOException e) {
      throw new NodeSetException(file, null, "cannot read: " + e.getMessage(), e);
    }
  }

  private static NodeSetException notWellFormed(Path file, XMLStreamException e) {
    Location location = e.getLocation();
    SourcePosition position =
        location == null ? null : new SourcePosition(location.getLineNumber(), location.getColumnNumber());
    // the JDK parser's message is "ParseError at [row,col]:[l,c]\nMessage: <the problem>"
    String message = String.valueOf(e.getMessage());
    int start = message.indexOf("Message: ");
    String problem = start >= 0 ? message.substring(start + "Message: ".length()) : message;
    return new NodeSetException(file, position, "not well-formed XML: " + problem.strip(), e);
  }
}
