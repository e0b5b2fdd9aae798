package io.twinua.server.station;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.UaSerializationException;
import org.eclipse.milo.opcua.stack.core.encoding.EncodingContext;
import org.eclipse.milo.opcua.stack.core.encoding.binary.OpcUaBinaryEncoder;
import org.eclipse.milo.opcua.stack.core.types.UaRequestMessageType;
import org.eclipse.milo.opcua.stack.core.types.UaResponseMessageType;
import org.eclipse.milo.opcua.stack.transport.server.ServiceRequestContext;
import org.jspecify.annotations.Nullable;

/**
 * Answers a response that is larger than the client takes, or than the server's own maximum
 * message size, with Bad_ResponseTooLarge (Part 4 §7.34, issue 12 item 5). Milo 1.1.2 finds the
 * client's limit only while it sends ({@code UascServerSymmetricHandler.checkMessageSize}) and
 * throws a runtime exception its fault path does not recognise, so the client got
 * Bad_InternalError; the server's own limit it does not check at all. The guard encodes the
 * response once more into a buffer that cannot grow beyond the limit, so an oversized response
 * costs at most the limit in memory.
 *
 * <p>The limit of a request is the smallest of: the server's maximum message size, what the client
 * announced in its Hello ({@link ClientMessageLimits}) and the MaxResponseMessageSize of its
 * CreateSession. History readers ask {@link #limitFor(Session)} to page within it instead.
 */
final class ResponseSizeGuard {

  private final EncodingContext encoding;
  private final long serverMaxMessageBytes;
  private final ToLongFunction<RequestOf> sessionLimit;
  /** Hello limits by secure channel id, while the channel is open: sessions only know the id. */
  private final Map<Long, Long> channelLimits = new ConcurrentHashMap<>();

  /** A request and where it came from. */
  record RequestOf(ServiceRequestContext context, UaRequestMessageType request) {}

  /**
   * @param sessionLimit the MaxResponseMessageSize the request's session announced in CreateSession, 0 for none
   */
  ResponseSizeGuard(EncodingContext encoding, long serverMaxMessageBytes, ToLongFunction<RequestOf> sessionLimit) {
    this.encoding = encoding;
    this.serverMaxMessageBytes = serverMaxMessageBytes;
    this.sessionLimit = sessionLimit;
  }

  /** Keeps the Hello limits of the request's channel for {@link #limitFor(Session)}; call before serving it. */
  void remember(ServiceRequestContext context) {
    long channelId = context.getSecureChannel().getChannelId();
    if (channelLimits.putIfAbsent(channelId, ClientMessageLimits.of(context.getChannel())) == null) {
      context.getChannel().closeFuture().addListener(f -> channelLimits.remove(channelId));
    }
  }

  /** The largest response {@code session} takes, 0 for no limit. */
  long limitFor(@Nullable Session session) {
    if (session == null) {
      return serverMaxMessageBytes;
    }
    long announced = session.getMaxResponseMessageSize() == null ? 0 : session.getMaxResponseMessageSize().longValue();
    return smallest(serverMaxMessageBytes, smallest(channelLimits.getOrDefault(session.getSecureChannelId(), 0L), announced));
  }

  /** {@code response}, or Bad_ResponseTooLarge if its encoding exceeds what the request's client takes. */
  CompletableFuture<UaResponseMessageType> checked(
      ServiceRequestContext context, UaRequestMessageType request, CompletableFuture<UaResponseMessageType> response) {
    return response.thenApply(r -> {
      long limit = smallest(serverMaxMessageBytes, smallest(
          ClientMessageLimits.of(context.getChannel()), sessionLimit.applyAsLong(new RequestOf(context, request))));
      if (limit > 0 && !fits(r, limit)) {
        throw new CompletionException(new UaException(StatusCodes.Bad_ResponseTooLarge,
            "response exceeds " + limit + " bytes"));
      }
      return r;
    });
  }

  /** The smaller of two limits where 0 means none. */
  static long smallest(long a, long b) {
    return a > 0 && b > 0 ? Math.min(a, b) : Math.max(a, b);
  }

  private boolean fits(UaResponseMessageType response, long limit) {
    int max = (int) Math.min(Integer.MAX_VALUE, limit);
    ByteBuf buffer = Unpooled.buffer(Math.min(max, 64 * 1024), max);
    try {
      new OpcUaBinaryEncoder(encoding).setBuffer(buffer).encodeMessage(null, response);
      return true;
    } catch (RuntimeException e) {
      return !full(e); // not a matter of size: Milo reports it as it does
    } finally {
      buffer.release();
    }
  }

  /** The buffer reached its limit somewhere in {@code e}'s chain, or the encoder's own limits did. */
  private static boolean full(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IndexOutOfBoundsException
          || t instanceof UaSerializationException s && s.getStatusCode().getValue() == StatusCodes.Bad_EncodingLimitsExceeded) {
        return true;
      }
    }
    return false;
  }
}
