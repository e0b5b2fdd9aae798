package io.twinua.server.plant;

import java.util.Optional;
import org.eclipse.milo.opcua.sdk.server.model.variables.BaseAnalogType;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;

/**
 * The standard EURange property of a variable (Part 8 §5.3.2: the range the value is expected
 * in): operator writes outside it are refused with Bad_OutOfRange (issue 12 item 6).
 */
record EuRange(double low, double high) {

  /** The node's EURange, if its NodeSet declares one. */
  static Optional<EuRange> of(UaVariableNode node) {
    return node.getProperty(BaseAnalogType.EU_RANGE)
        .filter(r -> r.getLow() != null && r.getHigh() != null)
        .map(r -> new EuRange(r.getLow(), r.getHigh()));
  }

  /** Empty when {@code value} is inside (bounds included) or not a number; else what is wrong. */
  Optional<String> problem(Object value) {
    if (!(value instanceof Number n) || value.getClass().isArray()) {
      return Optional.empty();
    }
    double v = n.doubleValue();
    return v >= low && v <= high ? Optional.empty()
        : Optional.of(value + " is outside the EURange " + low + " .. " + high);
  }
}
