package io.twinua.tools.plcsim;

import java.util.Objects;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * One tag an automation station serves: {@code ns=2;s=<name>} of {@code dataType}.
 *
 * @param name tag name, dot-separated path (also the browse path below the AS folder)
 * @param dataType OPC UA built-in data type (ns=0)
 * @param arrayLength 0 for a scalar, else the fixed length of a one-dimensional array
 * @param signal the value as a function of the update index
 * @param description the signal in words, e.g. "sine 40..60, period 50" (node Description)
 * @param writable whether clients may write it (a setpoint): the written value then replaces the
 *     signal until the AS restarts
 */
public record PlantTag(
    String name, NodeId dataType, int arrayLength, Signal signal, String description, boolean writable) {

  /** A read-only tag. */
  public PlantTag(String name, NodeId dataType, int arrayLength, Signal signal, String description) {
    this(name, dataType, arrayLength, signal, description, false);
  }

  public PlantTag {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dataType, "dataType");
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(description, "description");
    if (name.isBlank() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
      throw new IllegalArgumentException("tag name '" + name + "': empty path segment");
    }
    if (arrayLength < 0) {
      throw new IllegalArgumentException("tag " + name + ": negative array length " + arrayLength);
    }
  }

  public static PlantTag scalar(String name, NodeId dataType, String description, Signal signal) {
    return new PlantTag(name, dataType, 0, signal, description);
  }

  /** A writable scalar that holds {@code initial} until a client writes it. */
  public static PlantTag setpoint(String name, NodeId dataType, String description, Object initial) {
    return new PlantTag(name, dataType, 0, n -> initial, description, true);
  }

  public boolean isArray() {
    return arrayLength > 0;
  }

  /** The value this tag has at update index {@code n}. */
  public Object valueAt(long n) {
    return signal.valueAt(n);
  }
}
