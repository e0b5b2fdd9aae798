package io.twinua.server.archive.history;

import org.eclipse.milo.opcua.stack.core.encoding.EncodingContext;
import org.eclipse.milo.opcua.stack.core.types.UaStructuredType;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.jspecify.annotations.Nullable;

/** Small helpers shared by the history readers. */
final class HistoryResults {

  private HistoryResults() {}

  static HistoryReadResult status(long statusCode) {
    return new HistoryReadResult(new StatusCode(statusCode), null, null);
  }

  static HistoryReadResult of(
      EncodingContext context, long statusCode, @Nullable ByteString point, UaStructuredType data) {
    return new HistoryReadResult(
        new StatusCode(statusCode), point, ExtensionObject.encode(context, data));
  }

  /** DateTime.MinValue (and a missing time) mean "not specified" (Part 11 §6.4). */
  static long ticks(@Nullable DateTime t) {
    return t == null ? 0 : t.getUtcTime();
  }

  static @Nullable ByteString pointOf(HistoryReadValueId id) {
    ByteString cp = id.getContinuationPoint();
    return cp == null || cp.isNullOrEmpty() ? null : cp;
  }
}
