package io.twinua.server.archive;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.util.List;
import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.Matrix;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/** Test data shared by the archive tests. */
public final class ArchiveFixtures {

  /** Some instant in 2024, in OPC UA ticks. */
  public static final long T0 = 133_500_000_000_000_000L;

  private ArchiveFixtures() {}

  /** Every built-in scalar the brief names, their awkward edges, and 1-D arrays of them. */
  public static List<Variant> everyType() {
    return List.of(
        Variant.NULL_VALUE,
        new Variant(true),
        new Variant(false),
        new Variant((byte) -128),
        new Variant(ubyte(255)),
        new Variant(Short.MIN_VALUE),
        new Variant(ushort(65535)),
        new Variant(Integer.MIN_VALUE),
        new Variant(uint(4_294_967_295L)),
        new Variant(Long.MIN_VALUE),
        new Variant(Long.MAX_VALUE),
        new Variant(ULong.MAX),
        new Variant(1.5f),
        new Variant(-0.0f),
        new Variant(Float.NaN),
        new Variant(Float.NEGATIVE_INFINITY),
        new Variant(Float.MIN_VALUE),
        new Variant(Math.PI),
        new Variant(-0.0d),
        new Variant(Double.NaN),
        new Variant(Double.longBitsToDouble(0x7ff8_dead_beef_0001L)), // NaN with payload
        new Variant(Double.POSITIVE_INFINITY),
        new Variant(Double.MIN_VALUE),
        new Variant(Double.MAX_VALUE),
        new Variant(""),
        new Variant("Füllstand 𝄞 ≥ 3 €\n\u0000end"),
        new Variant(new DateTime(T0 + 1)), // 100 ns resolution
        new Variant(DateTime.MIN_VALUE),
        new Variant(ByteString.of(new byte[0])),
        new Variant(ByteString.of(new byte[] {0, -1, 127, -128})),
        new Variant(ByteString.NULL_VALUE),
        new Variant(new LocalizedText("de", "Füllstand")),
        new Variant(new LocalizedText(null, "no locale")),
        new Variant(LocalizedText.NULL_VALUE),
        new Variant(new Boolean[] {true, false}),
        new Variant(new Byte[] {-1, 0, 1}),
        new Variant(new UByte[] {ubyte(0), ubyte(255)}),
        new Variant(new Short[] {Short.MIN_VALUE, Short.MAX_VALUE}),
        new Variant(new UShort[] {ushort(0), ushort(65535)}),
        new Variant(new Integer[] {1, -2, Integer.MAX_VALUE}),
        new Variant(new Integer[0]),
        new Variant(new UInteger[] {uint(0), uint(4_294_967_295L)}),
        new Variant(new Long[] {Long.MIN_VALUE, 0L}),
        new Variant(new ULong[] {ULong.MIN, ULong.MAX}),
        new Variant(new Float[] {1f, Float.NaN, -0.0f}),
        new Variant(new Double[] {1.0, Double.NaN, -0.0, Double.NEGATIVE_INFINITY}),
        new Variant(new String[] {"a", "", null, "ü"}),
        new Variant(new DateTime[] {new DateTime(T0), new DateTime(T0 + 3)}),
        new Variant(new ByteString[] {ByteString.of(new byte[] {1}), ByteString.NULL_VALUE}),
        new Variant(
            new LocalizedText[] {new LocalizedText("en", "Open"), LocalizedText.NULL_VALUE}),
        // beyond the brief: other built-ins go through the OPC UA Binary encoding as well
        new Variant(new NodeId(2, "Tank1.Level")),
        new Variant(UUID.fromString("72962b91-fa75-4ae6-8d28-b404dc7daf63")),
        new Variant(new QualifiedName(1, "Name")),
        new Variant(new StatusCode(StatusCodes.Uncertain_LastUsableValue)),
        new Variant(new Matrix(new Integer[][] {{1, 2}, {3, 4}})));
  }
}
