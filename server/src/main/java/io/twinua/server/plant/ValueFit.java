package io.twinua.server.plant;

import java.util.Optional;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;

/**
 * Decides whether a value fits a plant variable: its data type, scalar or array, and array
 * length. Used for what an automation station sends (garbage must not reach the address space or
 * the archive) and for client writes (Milo 1.1.2 checks the type but lets an array through to a
 * scalar variable and does not check ArrayDimensions).
 */
final class ValueFit {

  private ValueFit() {}

  /** Empty when the value fits; otherwise what is wrong, in words for the log. */
  static Optional<String> problem(UaVariableNode node, DataValue value) {
    Object o = value.value().value();
    if (o == null) {
      return value.statusCode() != null && value.statusCode().isGood()
          ? Optional.of("empty value with Good status")
          : Optional.empty(); // a Bad status without value is a legitimate AS report
    }
    Class<?> expected = OpcUaDataType.isBuiltin(node.getDataType())
        ? OpcUaDataType.getBackingClass(node.getDataType())
        : null;
    boolean isArray = o.getClass().isArray();
    Class<?> actual = isArray ? o.getClass().getComponentType() : o.getClass();
    if (expected != null && !expected.equals(actual)) {
      return Optional.of("expected " + expected.getSimpleName() + " but got " + actual.getSimpleName());
    }
    int rank = node.getValueRank() == null ? ValueRanks.Any : node.getValueRank();
    if (rank == ValueRanks.Scalar && isArray) {
      return Optional.of("expected a scalar but got an array");
    }
    if (rank >= ValueRanks.OneDimension && !isArray) {
      return Optional.of("expected an array but got a scalar");
    }
    UInteger[] dims = node.getArrayDimensions();
    if (isArray && dims != null && dims.length == 1 && dims[0].intValue() > 0) {
      int length = java.lang.reflect.Array.getLength(o);
      if (length > dims[0].intValue()) {
        return Optional.of("array of " + length + " elements exceeds ArrayDimensions " + dims[0]);
      }
    }
    return Optional.empty();
  }
}
