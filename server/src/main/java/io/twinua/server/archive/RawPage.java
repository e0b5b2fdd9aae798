package io.twinua.server.archive;

import java.util.List;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.jspecify.annotations.Nullable;

/**
 * One page of a raw read: the values in the requested order, and where to resume if the page filled
 * up before the request was exhausted.
 */
public record RawPage(List<DataValue> values, @Nullable RawCursor next) {

  public RawPage {
    values = List.copyOf(values);
  }

  public Optional<RawCursor> continuation() {
    return Optional.ofNullable(next);
  }

  public boolean hasMore() {
    return next != null;
  }
}
