package io.twinua.server.archive;

import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;

/**
 * Position after a message returned by {@link MessageArchive#read}. Several messages can share one
 * time stamp, so the position is (time, event id), which is unique and totally ordered.
 */
public record MessageCursor(long timeTicks, ByteString eventId) {

  /** Resume right after {@code last}. */
  public static MessageCursor after(MessageRecord last) {
    return new MessageCursor(last.timeTicks(), last.eventId());
  }
}
