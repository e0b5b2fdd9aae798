package io.twinua.server.nodeset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small NodeSet documents for loader tests: a fixed 5-line header, so the body starts on line 6. */
final class NodeSetXml {

  static final int FIRST_BODY_LINE = 6;

  private NodeSetXml() {}

  static String document(String body) {
    return """
        <?xml version="1.0" encoding="utf-8"?>
        <UANodeSet xmlns="http://opcfoundation.org/UA/2011/03/UANodeSet.xsd" xmlns:uax="http://opcfoundation.org/UA/2008/02/Types.xsd">
          <NamespaceUris><Uri>urn:test</Uri></NamespaceUris>
          <Aliases><Alias Alias="Double">i=11</Alias><Alias Alias="Int32">i=6</Alias><Alias Alias="HasComponent">i=47</Alias></Aliases>
          <Aliases><Alias Alias="Organizes">i=35</Alias><Alias Alias="HasTypeDefinition">i=40</Alias></Aliases>
        """
        + body
        + "</UANodeSet>\n";
  }

  /** A folder {@code ns=1;s=Plant} under the Objects folder, then {@code body}. */
  static String plant(String body) {
    return document(
        "<UAObject NodeId=\"ns=1;s=Plant\" BrowseName=\"1:Plant\"><References>"
            + "<Reference ReferenceType=\"HasTypeDefinition\">i=61</Reference>"
            + "<Reference ReferenceType=\"Organizes\" IsForward=\"false\">i=85</Reference>"
            + "</References></UAObject>\n"
            + body);
  }

  static Path write(Path dir, String content) throws IOException {
    Path file = dir.resolve("plant.xml");
    Files.writeString(file, content);
    return file;
  }
}
