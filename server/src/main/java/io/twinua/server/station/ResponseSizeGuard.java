package io.twinua.server.station;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.ToLongFunction;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.UaSerializationException;
import org.eclipse.milo.opcua.stack.core.encoding.EncodingContext;
import org.eclipse.milo.opcua.stack.core.encoding.binary.OpcUaBinaryEncoder;
import org.eclipse.milo.opcua.stack.core.types.UaRequestMessageType;
import org.eclipse.milo.opcua.stack.core.types.UaResponseMessageType;
import org.eclipse.milo.opcua.stack.transport.server.ServiceRequestContext;

/**
 * Answers a response that is larger than the client takes, or than the server's own maximum
 * message size, with Bad_ResponseTooLarge (Part 4 §7.34, issue 12 item 5). Milo 1.1.2 finds the
 * client's limit only while it sends ({@code UascServerSymmetricHandler.checkMessageSize}) and
 * throws a runtime exception the fault path does not recognise, so the client got
 * Bad_InternalError; the server's own limit it does not check at all. The guard encodes the
 * response once more into a buffer that cannot grow beyond the limit, so an oversized response
 * costs at most the limit in memory.
 */
final class ResponseSizeGuard {

  private final EncodingContext encoding;
  private final long serverMaxMessageBytes;
  private final ToLongFunction<RequestOf> sessionLimit;

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

  /** {@code response}, or Bad_ResponseTooLarge if its encoding exceeds what the request's client takes. */
  CompletableFuture<UaResponseMessageType> checked(
      ServiceRequestContext context, UaRequestMessageType request, CompletableFuture<UaResponseMessageType> response) {
    return response.thenApply(r -> {
      long limit = ClientMessageLimits.smallestLimit(serverMaxMessageBytes, ClientMessageLimits.smallestLimit(
          ClientMessageLimits.of(context.getChannel()), sessionLimit.applyAsLong(new RequestOf(context, request))));
      if (limit > 0 && !fits(r, limit)) {
        throw new CompletionException(new UaException(StatusCodes.Bad_ResponseTooLarge,
            "response exceeds " + limit + " bytes"));
      }
      return r;
    });
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
