package io.twinua.server.redundancy.partner;

import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import io.twinua.server.uaclient.ClientSupervisor;

/** A connect step failed for a reason worth telling an operator in plain words. */
final class PartnerLinkException extends Exception {

  PartnerLinkException(String message) {
    super(message);
  }

  /** An operator's sentence for why connecting to the partner failed. */
  static String describe(Throwable t) {
    Throwable cause = ClientSupervisor.cause(t);
    if (cause instanceof PartnerLinkException) {
      return cause.getMessage();
    }
    if (cause instanceof TimeoutException) {
      return "no answer within the request timeout";
    }
    if (cause instanceof UaException ua) {
      String status = statusName(ua.getStatusCode());
      String message = ua.getMessage();
      if (ua.getStatusCode().getValue() == StatusCodes.Bad_IdentityTokenRejected
          || ua.getStatusCode().getValue() == StatusCodes.Bad_IdentityTokenInvalid) {
        return status + ": the partner refused this station's certificate login"
            + " (is this station's certificate pinned as its partner certificate?)";
      }
      return message == null || message.isBlank() ? status : status + " " + message;
    }
    return ClientSupervisor.rootMessage(cause);
  }

  static String statusName(StatusCode code) {
    return StatusCodes.lookup(code.getValue()).map(names -> names[0]).orElse(code.toString());
  }
}
