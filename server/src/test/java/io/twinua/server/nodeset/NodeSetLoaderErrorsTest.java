package io.twinua.server.nodeset;

import static io.twinua.server.nodeset.NodeSetXml.FIRST_BODY_LINE;
import static io.twinua.server.nodeset.NodeSetXml.document;
import static io.twinua.server.nodeset.NodeSetXml.plant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of broken NodeSet gives a message with file, line:column and the problem. */
class NodeSetLoaderErrorsTest {

  /** Body lines of {@link NodeSetXml#plant} start after the Plant folder line. */
  private static final int PLANT_BODY_LINE = FIRST_BODY_LINE + 1;

  @TempDir Path dir;

  private NodeSetException failure(String xml) throws IOException {
    Path file = NodeSetXml.write(dir, xml);
    return assertThrows(NodeSetException.class, () -> NodeSetLoader.load(file));
  }

  /** Asserts "<file>:<line>:<col>: <problem>" with the problem containing {@code expected}. */
  private void assertProblem(NodeSetException e, int line, String expected) {
    String prefix = dir.resolve("plant.xml") + ":" + line + ":";
    assertTrue(e.getMessage().startsWith(prefix), "expected prefix " + prefix + " in: " + e.getMessage());
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    assertEquals(line, e.position().orElseThrow().line());
  }

  private static String variable(String attributes, String inner) {
    return "<UAVariable NodeId=\"ns=1;s=Plant.X\" BrowseName=\"1:X\" ParentNodeId=\"ns=1;s=Plant\" "
        + attributes + "><References><Reference ReferenceType=\"HasComponent\" IsForward=\"false\">ns=1;s=Plant</Reference></References>"
        + inner + "</UAVariable>\n";
  }

  @Test
  void missingFile() {
    Path file = dir.resolve("absent.xml");
    NodeSetException e = assertThrows(NodeSetException.class, () -> NodeSetLoader.load(file));
    assertEquals(file + ": file not found", e.getMessage());
  }

  @Test
  void notXml() throws IOException {
    NodeSetException e = failure("this is not XML at all");
    assertTrue(e.getMessage().startsWith(dir.resolve("plant.xml") + ":1:"), e.getMessage());
    assertTrue(e.getMessage().contains("not well-formed XML"), e.getMessage());
  }

  @Test
  void truncatedDemoPlant() throws IOException {
    String whole = Files.readString(DemoPlantFiles.NODESET);
    NodeSetException e = failure(whole.substring(0, whole.length() / 2));
    assertTrue(e.getMessage().contains("not well-formed XML"), e.getMessage());
    assertTrue(e.position().orElseThrow().line() > 100, e.getMessage());
  }

  @Test
  void xmlOfAnotherKind() throws IOException {
    NodeSetException e = failure("<?xml version=\"1.0\"?>\n<project><name>x</name></project>\n");
    assertProblem(e, 2, "not a UANodeSet document: root element is <project>");
  }

  @Test
  void dtdAndExternalEntitiesAreRefused() throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET");
    String xml =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE UANodeSet [<!ENTITY leak SYSTEM \"" + secret.toUri() + "\">]>\n"
            + "<UANodeSet xmlns=\"http://opcfoundation.org/UA/2011/03/UANodeSet.xsd\">"
            + "<NamespaceUris><Uri>&leak;</Uri></NamespaceUris></UANodeSet>\n";
    NodeSetException e = failure(xml);
    assertFalse(e.getMessage().contains("TOP-SECRET"), e.getMessage());
    assertTrue(e.getMessage().contains("DTD"), e.getMessage());
  }

  @Test
  void unknownDataTypeAlias() throws IOException {
    NodeSetException e = failure(plant(variable("DataType=\"Dooble\"", "")));
    assertProblem(e, PLANT_BODY_LINE, "unknown DataType alias 'Dooble' on ns=1;s=Plant.X");
  }

  @Test
  void unknownReferenceTypeAlias() throws IOException {
    NodeSetException e =
        failure(plant("<UAObject NodeId=\"ns=1;s=Plant.A\" BrowseName=\"1:A\"><References>"
            + "<Reference ReferenceType=\"HasCompnent\" IsForward=\"false\">ns=1;s=Plant</Reference>"
            + "</References></UAObject>\n"));
    assertProblem(e, PLANT_BODY_LINE, "unknown ReferenceType alias 'HasCompnent' on ns=1;s=Plant.A");
  }

  @Test
  void unsupportedDataType() throws IOException {
    NodeSetException e = failure(plant(variable("DataType=\"i=887\"", "")));
    assertProblem(e, PLANT_BODY_LINE, "unknown or unsupported data type i=887 on ns=1;s=Plant.X");
  }

  @Test
  void valueNotMatchingItsDataType() throws IOException {
    NodeSetException e =
        failure(plant(variable("DataType=\"Double\"", "<Value><uax:Double>abc</uax:Double></Value>")));
    assertProblem(e, PLANT_BODY_LINE, "'abc' is not a valid Double on ns=1;s=Plant.X");

    e = failure(plant(variable("DataType=\"Double\"", "<Value><uax:Int32>5</uax:Int32></Value>")));
    assertProblem(e, PLANT_BODY_LINE, "value of type Int32 does not match DataType Double");

    e = failure(plant(variable("DataType=\"i=3\"", "<Value><uax:Byte>256</uax:Byte></Value>")));
    assertProblem(e, PLANT_BODY_LINE, "'256' is not a valid Byte");
  }

  @Test
  void duplicateNodeId() throws IOException {
    NodeSetException e =
        failure(plant(variable("DataType=\"Double\"", "") + variable("DataType=\"Int32\"", "")));
    assertProblem(e, PLANT_BODY_LINE + 1, "duplicate NodeId ns=1;s=Plant.X (first defined at " + PLANT_BODY_LINE + ":");
  }

  @Test
  void referenceToUnknownNodeOfTheFilesNamespace() throws IOException {
    NodeSetException e =
        failure(plant("\n" + variable("DataType=\"Double\"", "").replace(
            "IsForward=\"false\">ns=1;s=Plant</Reference>",
            "IsForward=\"false\">ns=1;s=Plant</Reference>\n<Reference ReferenceType=\"HasComponent\">ns=1;s=Plant.Missing</Reference>")));
    assertProblem(e, PLANT_BODY_LINE + 2, "reference HasComponent to unknown node ns=1;s=Plant.Missing on ns=1;s=Plant.X");
  }

  @Test
  void unknownParent() throws IOException {
    NodeSetException e = failure(plant(variable("DataType=\"Double\"", "").replace("ParentNodeId=\"ns=1;s=Plant\"", "ParentNodeId=\"ns=1;s=Plnt\"")));
    assertProblem(e, PLANT_BODY_LINE, "ParentNodeId ns=1;s=Plnt is not defined in this file on ns=1;s=Plant.X");
  }

  @Test
  void missingBrowseName() throws IOException {
    NodeSetException e = failure(plant(variable("DataType=\"Double\"", "").replace(" BrowseName=\"1:X\"", "")));
    assertProblem(e, PLANT_BODY_LINE, "missing BrowseName on ns=1;s=Plant.X");
  }

  @Test
  void badNodeIdSyntax() throws IOException {
    NodeSetException e = failure(plant(variable("DataType=\"Double\"", "").replace("NodeId=\"ns=1;s=Plant.X\"", "NodeId=\"ns=1;x=Plant.X\"")));
    assertProblem(e, PLANT_BODY_LINE, "bad NodeId 'ns=1;x=Plant.X': expected an i=, s=, g= or b= identifier");

    e = failure(plant(variable("DataType=\"Double\"", "").replace("NodeId=\"ns=1;s=Plant.X\"", "NodeId=\"ns=4;s=Plant.X\"")));
    assertProblem(e, PLANT_BODY_LINE, "namespace index 4 is not declared in NamespaceUris");

    e = failure(plant(variable("DataType=\"Double\"", "").replace("NodeId=\"ns=1;s=Plant.X\"", "NodeId=\"ns=1;i=99999999999\"")));
    assertProblem(e, PLANT_BODY_LINE, "bad numeric identifier '99999999999'");
  }

  @Test
  void arrayValueOnAScalarVariable() throws IOException {
    NodeSetException e =
        failure(plant(variable("DataType=\"Double\"",
            "<Value><uax:ListOfDouble><uax:Double>1</uax:Double><uax:Double>2</uax:Double></uax:ListOfDouble></Value>")));
    assertProblem(e, PLANT_BODY_LINE, "array value <ListOfDouble> on a scalar variable (ValueRank -1) on ns=1;s=Plant.X");
  }

  @Test
  void scalarValueOnAnArrayAndArrayLongerThanItsDimensions() throws IOException {
    NodeSetException e =
        failure(plant(variable("DataType=\"Double\" ValueRank=\"1\"", "<Value><uax:Double>1</uax:Double></Value>")));
    assertProblem(e, PLANT_BODY_LINE, "scalar value <Double> on an array variable (ValueRank 1)");

    e = failure(plant(variable("DataType=\"Double\" ValueRank=\"1\" ArrayDimensions=\"1\"",
        "<Value><uax:ListOfDouble><uax:Double>1</uax:Double><uax:Double>2</uax:Double></uax:ListOfDouble></Value>")));
    assertProblem(e, PLANT_BODY_LINE, "array of 2 elements exceeds ArrayDimensions 1");
  }

  @Test
  void unsupportedElementsAreNamed() throws IOException {
    NodeSetException e =
        failure(plant("<UADataType NodeId=\"ns=1;i=3000\" BrowseName=\"1:Recipe\"/>\n"));
    assertProblem(e, PLANT_BODY_LINE, "<UADataType> is not supported");

    e = failure(plant(variable("DataType=\"Double\"", "<RolePermissions/>")));
    assertProblem(e, PLANT_BODY_LINE, "element <RolePermissions> in <UAVariable> is not supported on ns=1;s=Plant.X");

    e = failure(plant(variable("DataType=\"Double\" AccessRestrictions=\"1\"", "")));
    assertProblem(e, PLANT_BODY_LINE, "attribute AccessRestrictions of <UAVariable> is not supported");

    // an ExtensionObject only as a Range (EURange), see NodeSetValuesTest
    e = failure(plant(variable("DataType=\"Double\"", "<Value><uax:ExtensionObject/></Value>")));
    assertProblem(e, PLANT_BODY_LINE, "value of type ExtensionObject does not match DataType Double");
    e = failure(plant(variable("DataType=\"i=884\"", "<Value><uax:ExtensionObject/></Value>")));
    assertProblem(e, PLANT_BODY_LINE, "ExtensionObject with TypeId '' is not supported (only Range");
  }

  @Test
  void nodeOutsideTheFilesNamespaces() throws IOException {
    NodeSetException e = failure(document("<UAObject NodeId=\"i=5000\" BrowseName=\"Foreign\"/>\n"));
    assertProblem(e, FIRST_BODY_LINE, "node i=5000 is not in a namespace this file defines");
  }

  @Test
  void wrongKindOfTypeDefinition() throws IOException {
    NodeSetException e =
        failure(plant("<UAObject NodeId=\"ns=1;s=Plant.A\" BrowseName=\"1:A\"><References>"
            + "<Reference ReferenceType=\"HasTypeDefinition\">ns=1;s=Plant</Reference>"
            + "</References></UAObject>\n"));
    assertProblem(e, PLANT_BODY_LINE, "HasTypeDefinition must point to an ObjectType, but ns=1;s=Plant is a node of class Object");
  }
}
