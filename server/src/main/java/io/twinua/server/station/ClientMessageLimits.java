package io.twinua.server.station;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Keeps what a client announced in its Hello (MaxMessageSize, ReceiveBufferSize, MaxChunkCount) as
 * the largest message it takes, on its Netty channel: Milo 1.1.2 keeps these in package-private
 * handlers, and {@link ResponseSizeGuard} needs them to refuse an oversized response with
 * Bad_ResponseTooLarge before Milo turns it into Bad_InternalError. Looks at the first bytes of a
 * channel only, then leaves the pipeline.
 */
@ChannelHandler.Sharable
final class ClientMessageLimits extends ChannelInboundHandlerAdapter {

  static final ClientMessageLimits INSTANCE = new ClientMessageLimits();

  private static final AttributeKey<Long> MAX_MESSAGE = AttributeKey.valueOf("twinua-client-max-message");
  /** "HELF", message size, protocol version, receive and send buffer, max message size, max chunk count. */
  private static final int HELLO_FIELDS = 28;
  /** Room one chunk's headers, signature and padding take (symmetric, SignAndEncrypt). */
  private static final int CHUNK_OVERHEAD = 128;

  private ClientMessageLimits() {}

  /** The largest response message the client on {@code channel} takes, 0 if it set no limit. */
  static long of(Channel channel) {
    Long limit = channel.attr(MAX_MESSAGE).get();
    return limit == null ? 0 : limit;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof ByteBuf buffer && buffer.readableBytes() >= HELLO_FIELDS && isHello(buffer)) {
      int at = buffer.readerIndex();
      long receiveBuffer = buffer.getUnsignedIntLE(at + 12);
      long maxMessage = buffer.getUnsignedIntLE(at + 20);
      long maxChunks = buffer.getUnsignedIntLE(at + 24);
      long byChunks = maxChunks > 0 && receiveBuffer > CHUNK_OVERHEAD ? maxChunks * (receiveBuffer - CHUNK_OVERHEAD) : 0;
      ctx.channel().attr(MAX_MESSAGE).set(ResponseSizeGuard.smallest(maxMessage, byChunks));
    }
    ctx.pipeline().remove(this);
    ctx.fireChannelRead(msg);
  }

  private static boolean isHello(ByteBuf buffer) {
    int at = buffer.readerIndex();
    return buffer.getByte(at) == 'H' && buffer.getByte(at + 1) == 'E' && buffer.getByte(at + 2) == 'L'
        && buffer.getByte(at + 3) == 'F';
  }
}
