package io.twinua.server.redundancy.uanodes;

import io.twinua.server.security.LogText;
import io.twinua.server.security.Role;
import io.twinua.server.security.StationRoles;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client write of {@code @RM_MASTER}: checks the role again (the UserAccessLevel check is
 * Milo's; this one does not depend on it), hands 1/0 to the {@link MasterSwitchHandler} and
 * answers with its status. The written value is not stored: {@code @RM_MASTER} shows the role,
 * which changes only when the role machine has switched.
 */
final class MasterWriteFilter implements AttributeFilter {

  private static final Logger LOG = LoggerFactory.getLogger(MasterWriteFilter.class);

  private final String tag;
  private final String accepts;
  private final MasterSwitchHandler handler;

  MasterWriteFilter(MasterSwitchHandler handler) {
    this(SystemTags.RM_MASTER, "1 (take over) or 0 (yield)", handler);
  }

  /** The same 1/0 command write, role check and answer for another engineer-only tag (@RM_MAINTENANCE). */
  MasterWriteFilter(String tag, String accepts, MasterSwitchHandler handler) {
    this.tag = tag;
    this.accepts = accepts;
    this.handler = handler;
  }

  @Override
  public void writeAttribute(AttributeFilterContext ctx, AttributeId attributeId, Object value)
      throws UaException {
    if (attributeId != AttributeId.Value) {
      ctx.writeAttribute(attributeId, value);
      return;
    }
    Session session = ctx.getSession().orElse(null);
    if (session == null) {
      // the station never writes @RM_MASTER through the filter chain: it calls SystemTags.show
      throw new UaException(StatusCodes.Bad_UserAccessDenied, tag + " is written by clients only");
    }
    if (!StationRoles.permits(session, Role::canControlRedundancy)) {
      LOG.warn("{} write refused for session {}: no redundancy control right", tag, session.getSessionId().getIdentifier());
      throw new UaException(StatusCodes.Bad_UserAccessDenied);
    }
    Object written = value instanceof DataValue dv ? dv.getValue().getValue() : null;
    if (!(written instanceof Integer i) || (i != 0 && i != 1)) {
      throw new UaException(StatusCodes.Bad_OutOfRange, tag + " accepts " + accepts);
    }
    boolean wantMaster = i == 1;
    StatusCode status;
    try {
      status = handler.onWrite(wantMaster, session);
    } catch (RuntimeException e) {
      LOG.error("{} write: the handler failed", tag, e);
      throw new UaException(StatusCodes.Bad_InternalError, tag + " write failed");
    }
    LOG.info("{} := {} by session {} ({}): {}", tag, i, session.getSessionId().getIdentifier(), LogText.of(session.getIdentity()), status);
    if (status == null || !status.isGood()) {
      throw new UaException(status == null ? new StatusCode(StatusCodes.Bad_InternalError) : status);
    }
  }
}
