package io.twinua.server.security;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.nio.charset.StandardCharsets;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.channel.messages.ErrorMessage;
import org.eclipse.milo.opcua.stack.core.channel.messages.TcpMessageDecoder;
import org.eclipse.milo.opcua.stack.core.channel.messages.TcpMessageEncoder;

/**
 * Rewrites the reason of every UA TCP Error message ({@code ERRF}) the station sends to the name of
 * its status code. Milo 1.1.2 ({@code ExceptionHandler.sendErrorMessage}) puts the text of whatever
 * exception a malformed Hello or OpenSecureChannel caused into the reason, e.g. {@code
 * NegativeArraySizeException} messages, which tells an unauthenticated peer about the server's
 * insides (issue 12 item 8). Added first in the pipeline, so every handler's writes pass it.
 */
@ChannelHandler.Sharable
public final class GenericErrorReasons extends ChannelOutboundHandlerAdapter {

  public static final GenericErrorReasons INSTANCE = new GenericErrorReasons();

  private static final byte[] ERROR_FINAL = "ERRF".getBytes(StandardCharsets.US_ASCII);

  private GenericErrorReasons() {}

  /** The reason the station gives for {@code statusCode}: its name, e.g. Bad_TcpMessageTypeInvalid. */
  public static String reasonFor(long statusCode) {
    return StatusCodes.lookup(statusCode).map(names -> names[0]).orElse("Bad");
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof ByteBuf buffer && isError(buffer)) {
      ByteBuf generic;
      try {
        ErrorMessage error = TcpMessageDecoder.decodeError(buffer.duplicate());
        generic = TcpMessageEncoder.encode(new ErrorMessage(error.getError().value(), reasonFor(error.getError().value())));
      } catch (UaException | RuntimeException unreadable) {
        generic = TcpMessageEncoder.encode(new ErrorMessage(StatusCodes.Bad_UnexpectedError,
            reasonFor(StatusCodes.Bad_UnexpectedError)));
      }
      buffer.release();
      ctx.write(generic, promise);
    } else {
      ctx.write(msg, promise);
    }
  }

  private static boolean isError(ByteBuf buffer) {
    if (buffer.readableBytes() < 8) {
      return false;
    }
    int at = buffer.readerIndex();
    for (int i = 0; i < ERROR_FINAL.length; i++) {
      if (buffer.getByte(at + i) != ERROR_FINAL[i]) {
        return false;
      }
    }
    return true;
  }
}
