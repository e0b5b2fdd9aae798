package io.twinua.server.nodeset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every supported built-in value type, arrays, and the other node classes are read correctly. */
class NodeSetValuesTest {

  @TempDir Path dir;

  private static String variable(String id, String dataType, String value) {
    return variable(id, dataType, "", value);
  }

  private static String variable(String id, String dataType, String extra, String value) {
    return "<UAVariable NodeId=\"ns=1;s=Plant." + id + "\" BrowseName=\"1:" + id + "\" DataType=\"" + dataType
        + "\"" + extra + "><References><Reference ReferenceType=\"HasComponent\" IsForward=\"false\">ns=1;s=Plant</Reference></References>"
        + "<Value>" + value + "</Value></UAVariable>\n";
  }

  private Object scalar(NodeSetModel model, String id) {
    return model.variable(new NodeId(1, "Plant." + id)).orElseThrow().value().orElseThrow().scalar();
  }

  @Test
  void scalarsOfEveryBuiltinType() throws Exception {
    String body =
        variable("Bool", "i=1", "<uax:Boolean>true</uax:Boolean>")
            + variable("SByte", "i=2", "<uax:SByte>-128</uax:SByte>")
            + variable("Byte", "i=3", "<uax:Byte>255</uax:Byte>")
            + variable("Int16", "i=4", "<uax:Int16>-32768</uax:Int16>")
            + variable("UInt16", "i=5", "<uax:UInt16>65535</uax:UInt16>")
            + variable("Int32", "Int32", "<uax:Int32>+42</uax:Int32>")
            + variable("UInt32", "i=7", "<uax:UInt32>4294967295</uax:UInt32>")
            + variable("Int64", "i=8", "<uax:Int64>-9223372036854775808</uax:Int64>")
            + variable("UInt64", "i=9", "<uax:UInt64>18446744073709551615</uax:UInt64>")
            + variable("Float", "i=10", "<uax:Float>1.5</uax:Float>")
            + variable("Double", "Double", "<uax:Double>-INF</uax:Double>")
            + variable("String", "i=12", "<uax:String> keeps  spaces </uax:String>")
            + variable("DateTime", "i=13", "<uax:DateTime>2024-03-01T09:00:00+01:00</uax:DateTime>")
            + variable("Guid", "i=14", "<uax:Guid><uax:String>72962b91-fa75-4ae6-8d28-b404dc7daf63</uax:String></uax:Guid>")
            + variable("Bytes", "i=15", "<uax:ByteString>AQID\n BA==</uax:ByteString>")
            + variable("Id", "i=17", "<uax:NodeId><uax:Identifier>ns=1;s=Plant</uax:Identifier></uax:NodeId>")
            + variable("Text", "i=21", "<uax:LocalizedText><uax:Locale>de</uax:Locale><uax:Text>Behälter</uax:Text></uax:LocalizedText>")
            + variable("Duration", "i=290", "<uax:Double>250</uax:Double>")
            + variable("Any", "i=24", "<uax:Int32>7</uax:Int32>");
    NodeSetModel model = NodeSetLoader.load(NodeSetXml.write(dir, NodeSetXml.plant(body)));

    assertEquals(true, scalar(model, "Bool"));
    assertEquals((byte) -128, scalar(model, "SByte"));
    assertEquals(UByte.valueOf(255), scalar(model, "Byte"));
    assertEquals((short) -32768, scalar(model, "Int16"));
    assertEquals(UShort.valueOf(65535), scalar(model, "UInt16"));
    assertEquals(42, scalar(model, "Int32"));
    assertEquals(UInteger.valueOf(4294967295L), scalar(model, "UInt32"));
    assertEquals(Long.MIN_VALUE, scalar(model, "Int64"));
    assertEquals(ULong.valueOf("18446744073709551615"), scalar(model, "UInt64"));
    assertEquals(1.5f, scalar(model, "Float"));
    assertEquals(Double.NEGATIVE_INFINITY, scalar(model, "Double"));
    assertEquals(" keeps  spaces ", scalar(model, "String"));
    assertEquals(Instant.parse("2024-03-01T08:00:00Z"), ((DateTime) scalar(model, "DateTime")).getJavaInstant());
    assertEquals(UUID.fromString("72962b91-fa75-4ae6-8d28-b404dc7daf63"), scalar(model, "Guid"));
    assertArrayEquals(new byte[] {1, 2, 3, 4}, ((ByteString) scalar(model, "Bytes")).bytesOrEmpty());
    assertEquals(new NodeId(1, "Plant"), scalar(model, "Id"));
    assertEquals(new LocalizedText("de", "Behälter"), scalar(model, "Text"));
    assertEquals(250.0, scalar(model, "Duration"));
    assertEquals(7, scalar(model, "Any"));
  }

  private static String range(String typeId, String low, String high) {
    return "<uax:ExtensionObject><uax:TypeId><uax:Identifier>" + typeId + "</uax:Identifier></uax:TypeId>"
        + "<uax:Body><uax:Range><uax:Low>" + low + "</uax:Low><uax:High>" + high + "</uax:High></uax:Range></uax:Body>"
        + "</uax:ExtensionObject>";
  }

  @Test
  void rangeValuesForEuRangeProperties() throws Exception {
    String body = variable("Span", "i=884", range("i=885", "-5", "3000.5"))
        + variable("Point", "i=884", range("i=884", "7", "7"));
    NodeSetModel model = NodeSetLoader.load(NodeSetXml.write(dir, NodeSetXml.plant(body)));
    assertEquals(new Range(-5.0, 3000.5), scalar(model, "Span"));
    assertEquals(new Range(7.0, 7.0), scalar(model, "Point"));

    for (String bad : List.of(range("i=887", "0", "1"), range("i=885", "2", "1"), range("i=885", "x", "1"))) {
      Path file = NodeSetXml.write(dir, NodeSetXml.plant(variable("Bad", "i=884", bad)));
      NodeSetException e = assertThrows(NodeSetException.class, () -> NodeSetLoader.load(file));
      assertTrue(e.getMessage().contains("Range") && e.getMessage().contains("Plant.Bad"), e.getMessage());
    }
  }

  @Test
  void oneDimensionalArrays() throws Exception {
    String body =
        variable("Profile", "Double", " ValueRank=\"1\" ArrayDimensions=\"4\"",
            "<uax:ListOfDouble><uax:Double>6.5</uax:Double><uax:Double>7</uax:Double>"
                + "<uax:Double>7.25</uax:Double><uax:Double>7.5</uax:Double></uax:ListOfDouble>")
            + variable("Names", "i=12", " ValueRank=\"1\"",
                "<uax:ListOfString><uax:String>a</uax:String><uax:String>b</uax:String></uax:ListOfString>")
            + variable("Empty", "Int32", " ValueRank=\"-3\"", "<uax:ListOfInt32/>");
    NodeSetModel model = NodeSetLoader.load(NodeSetXml.write(dir, NodeSetXml.plant(body)));

    NodeValue profile = model.variable(new NodeId(1, "Plant.Profile")).orElseThrow().value().orElseThrow();
    assertTrue(profile.array());
    assertEquals(BuiltinType.DOUBLE, profile.type());
    assertEquals(List.of(6.5, 7.0, 7.25, 7.5), profile.elements());
    Variant variant = profile.toVariant(id -> id);
    assertArrayEquals(new Double[] {6.5, 7.0, 7.25, 7.5}, (Double[]) variant.getValue());

    NodeValue names = model.variable(new NodeId(1, "Plant.Names")).orElseThrow().value().orElseThrow();
    assertArrayEquals(new String[] {"a", "b"}, (String[]) names.toVariant(id -> id).getValue());
    NodeValue empty = model.variable(new NodeId(1, "Plant.Empty")).orElseThrow().value().orElseThrow();
    assertEquals(0, ((Integer[]) empty.toVariant(id -> id).getValue()).length);
  }

  @Test
  void typesMethodsAndDefaults() throws Exception {
    String body =
        "<UAObjectType NodeId=\"ns=1;i=1001\" BrowseName=\"1:TankType\" IsAbstract=\"true\">"
            + "<DisplayName Locale=\"en\">Tank type</DisplayName>"
            + "<References><Reference ReferenceType=\"i=45\" IsForward=\"false\">i=58</Reference></References></UAObjectType>\n"
            + "<UAVariableType NodeId=\"ns=1;i=2001\" BrowseName=\"1:LevelType\" DataType=\"Double\">"
            + "<References><Reference ReferenceType=\"i=45\" IsForward=\"false\">i=63</Reference></References>"
            + "<Value><uax:Double>0</uax:Double></Value></UAVariableType>\n"
            + "<UAMethod NodeId=\"ns=1;s=Plant.Reset\" BrowseName=\"1:Reset\" ParentNodeId=\"ns=1;s=Plant\" UserExecutable=\"false\">"
            + "<References><Reference ReferenceType=\"HasComponent\" IsForward=\"false\">ns=1;s=Plant</Reference></References></UAMethod>\n"
            + "<UAVariable NodeId=\"ns=1;s=Plant.Plain\" BrowseName=\"1:Plain\"><Documentation>ignored</Documentation></UAVariable>\n";
    NodeSetModel model = NodeSetLoader.load(NodeSetXml.write(dir, NodeSetXml.plant(body)));

    ObjectTypeDefinition tankType =
        assertInstanceOf(ObjectTypeDefinition.class, model.node(new NodeId(1, 1001)).orElseThrow());
    assertTrue(tankType.isAbstract());
    assertEquals(new LocalizedText("en", "Tank type"), tankType.common().displayName());

    VariableTypeDefinition levelType =
        assertInstanceOf(VariableTypeDefinition.class, model.node(new NodeId(1, 2001)).orElseThrow());
    assertEquals(NodeIds.Double, levelType.dataType());
    assertEquals(0.0, levelType.value().orElseThrow().scalar());

    MethodDefinition reset =
        assertInstanceOf(MethodDefinition.class, model.node(new NodeId(1, "Plant.Reset")).orElseThrow());
    assertTrue(reset.executable());
    assertFalse(reset.userExecutable());

    VariableDefinition plain = model.variable(new NodeId(1, "Plant.Plain")).orElseThrow();
    assertEquals(NodeIds.BaseDataType, plain.dataType());
    assertEquals(-1, plain.valueRank());
    assertEquals(1, plain.accessLevel());
    assertFalse(plain.historizing());
    assertTrue(plain.value().isEmpty());
    assertEquals(LocalizedText.english("Plain"), plain.common().displayName(), "DisplayName defaults to the BrowseName");
  }
}
