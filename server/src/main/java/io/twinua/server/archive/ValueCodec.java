package io.twinua.server.archive;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.eclipse.milo.opcua.stack.core.encoding.DefaultEncodingContext;
import org.eclipse.milo.opcua.stack.core.encoding.binary.OpcUaBinaryDecoder;
import org.eclipse.milo.opcua.stack.core.encoding.binary.OpcUaBinaryEncoder;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.Matrix;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/**
 * Maps a Variant onto the {@code (type, v)} column pair losslessly. {@code type} is the OPC UA
 * Variant encoding byte (Part 6 §5.2.2.16: built-in type id, bit 7 = array). The common scalars are
 * stored natively so the file stays readable with the sqlite3 shell; everything else (arrays,
 * LocalizedText, NodeId, ...) is stored as the OPC UA Binary encoding of the whole Variant.
 *
 * <p>Two SQLite quirks are handled: a REAL NaN is read back as NULL, so NaN floats/doubles are
 * stored as their raw IEEE bits in an 8-byte BLOB; unsigned 64-bit values use the signed bits.
 */
final class ValueCodec {

  static final int NULL = 0;
  static final int BOOLEAN = 1;
  static final int SBYTE = 2;
  static final int BYTE = 3;
  static final int INT16 = 4;
  static final int UINT16 = 5;
  static final int INT32 = 6;
  static final int UINT32 = 7;
  static final int INT64 = 8;
  static final int UINT64 = 9;
  static final int FLOAT = 10;
  static final int DOUBLE = 11;
  static final int STRING = 12;
  static final int DATETIME = 13;
  static final int BYTESTRING = 15;
  private static final int ARRAY = 0x80;

  /** A value ready for the {@code type} and {@code v} columns. */
  record Encoded(int type, Object v) {}

  private ValueCodec() {}

  /**
   * @throws IllegalArgumentException if the Variant holds something OPC UA cannot encode
   */
  static Encoded encode(Variant variant) {
    Object v = variant.getValue();
    if (v == null) {
      return new Encoded(NULL, null);
    }
    if (v instanceof Double d) {
      return new Encoded(DOUBLE, d.isNaN() ? nanBits(Double.doubleToRawLongBits(d)) : d);
    } else if (v instanceof Float f) {
      return new Encoded(
          FLOAT, f.isNaN() ? nanBits(Float.floatToRawIntBits(f)) : (Object) f.doubleValue());
    } else if (v instanceof Integer i) {
      return new Encoded(INT32, i.longValue());
    } else if (v instanceof Long l) {
      return new Encoded(INT64, l);
    } else if (v instanceof Boolean b) {
      return new Encoded(BOOLEAN, b ? 1L : 0L);
    } else if (v instanceof String s) {
      return new Encoded(STRING, s);
    } else if (v instanceof DateTime t) {
      return new Encoded(DATETIME, t.getUtcTime());
    } else if (v instanceof UInteger u) {
      return new Encoded(UINT32, u.longValue());
    } else if (v instanceof Short s) {
      return new Encoded(INT16, s.longValue());
    } else if (v instanceof UShort u) {
      return new Encoded(UINT16, u.longValue());
    } else if (v instanceof Byte b) {
      return new Encoded(SBYTE, b.longValue());
    } else if (v instanceof UByte u) {
      return new Encoded(BYTE, u.longValue());
    } else if (v instanceof ULong u) {
      return new Encoded(UINT64, u.longValue());
    } else if (v instanceof ByteString bs) {
      return new Encoded(BYTESTRING, bs.bytes());
    }
    int typeId =
        variant
            .getDataType()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "cannot archive a value of " + v.getClass().getName()))
            .getTypeId();
    boolean array = v.getClass().isArray() || v instanceof Matrix;
    return new Encoded(array ? typeId | ARRAY : typeId, binary(variant));
  }

  static Variant decode(int type, Object v) {
    switch (type) {
      case NULL:
        return Variant.NULL_VALUE;
      case BOOLEAN:
        return new Variant(((Number) v).longValue() != 0);
      case SBYTE:
        return new Variant(((Number) v).byteValue());
      case BYTE:
        return new Variant(UByte.valueOf(((Number) v).intValue()));
      case INT16:
        return new Variant(((Number) v).shortValue());
      case UINT16:
        return new Variant(UShort.valueOf(((Number) v).intValue()));
      case INT32:
        return new Variant(((Number) v).intValue());
      case UINT32:
        return new Variant(UInteger.valueOf(((Number) v).longValue()));
      case INT64:
        return new Variant(((Number) v).longValue());
      case UINT64:
        return new Variant(ULong.valueOf(((Number) v).longValue()));
      case FLOAT:
        return new Variant(
            v instanceof byte[] bits
                ? Float.intBitsToFloat((int) bitsOf(bits))
                : ((Number) v).floatValue());
      case DOUBLE:
        return new Variant(
            v instanceof byte[] bits
                ? Double.longBitsToDouble(bitsOf(bits))
                : ((Number) v).doubleValue());
      case STRING:
        return new Variant((String) v);
      case DATETIME:
        return new Variant(new DateTime(((Number) v).longValue()));
      case BYTESTRING:
        return new Variant(new ByteString((byte[]) v));
      default:
        return fromBinary((byte[]) v);
    }
  }

  /** Binds an encoded value to a statement parameter with its native SQLite type. */
  static void bind(PreparedStatement ps, int index, Object v) throws SQLException {
    if (v == null) {
      ps.setNull(index, Types.NULL);
    } else if (v instanceof Long l) {
      ps.setLong(index, l);
    } else if (v instanceof Double d) {
      ps.setDouble(index, d);
    } else if (v instanceof String s) {
      ps.setString(index, s);
    } else {
      ps.setBytes(index, (byte[]) v);
    }
  }

  /** Reads the {@code v} column as whatever SQLite stored (Long, Double, String, byte[], null). */
  static Object column(ResultSet rs, int index) throws SQLException {
    Object v = rs.getObject(index);
    return v instanceof Integer i ? (Object) i.longValue() : v;
  }

  private static byte[] nanBits(long bits) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) bits;
      bits >>>= 8;
    }
    return b;
  }

  private static long bitsOf(byte[] b) {
    long bits = 0;
    for (byte x : b) {
      bits = (bits << 8) | (x & 0xFF);
    }
    return bits;
  }

  private static byte[] binary(Variant variant) {
    ByteBuf buffer = Unpooled.buffer(64);
    try {
      new OpcUaBinaryEncoder(DefaultEncodingContext.INSTANCE)
          .setBuffer(buffer)
          .encodeVariant(variant);
      return ByteBufUtil.getBytes(buffer);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot archive value " + variant + ": " + e.getMessage(), e);
    } finally {
      buffer.release();
    }
  }

  private static Variant fromBinary(byte[] bytes) {
    return new OpcUaBinaryDecoder(DefaultEncodingContext.INSTANCE)
        .setBuffer(Unpooled.wrappedBuffer(bytes))
        .decodeVariant();
  }
}
