package io.twinua.server.nodeset;

import java.lang.reflect.Array;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * A value from a NodeSet {@code Value} element: one scalar, or the elements of a one-dimensional
 * {@code ListOf...} array. Elements are the immutable Milo/Java objects of {@link
 * BuiltinType#javaClass()}; NodeId elements still carry file-relative namespace indexes.
 */
public record NodeValue(BuiltinType type, boolean array, List<Object> elements) {

  public NodeValue {
    Objects.requireNonNull(type, "type");
    elements = List.copyOf(elements);
    if (!array && elements.size() != 1) {
      throw new IllegalArgumentException("a scalar value has exactly one element");
    }
  }

  public static NodeValue scalar(BuiltinType type, Object value) {
    return new NodeValue(type, false, List.of(value));
  }

  public static NodeValue array(BuiltinType type, List<Object> values) {
    return new NodeValue(type, true, values);
  }

  /** The scalar value; only for scalars. */
  public Object scalar() {
    if (array) {
      throw new IllegalStateException("value is an array");
    }
    return elements.get(0);
  }

  /** The value as a Milo Variant with file-relative NodeIds mapped by {@code nodeIdMapper}. */
  public Variant toVariant(UnaryOperator<NodeId> nodeIdMapper) {
    List<Object> mapped =
        type == BuiltinType.NODE_ID
            ? elements.stream().map(e -> (Object) nodeIdMapper.apply((NodeId) e)).toList()
            : elements;
    if (!array) {
      return new Variant(mapped.get(0));
    }
    Object typed = Array.newInstance(type.javaClass(), mapped.size());
    for (int i = 0; i < mapped.size(); i++) {
      Array.set(typed, i, mapped.get(i));
    }
    return new Variant(typed);
  }
}
