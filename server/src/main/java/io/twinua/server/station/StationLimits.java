package io.twinua.server.station;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.twinua.server.config.RequestSettings;
import io.twinua.server.config.SessionSettings;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigLimits;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;

/** Milo's server limits from the project's {@code sessions:} and {@code requests:} sections. */
final class StationLimits implements OpcUaServerConfigLimits {

  private final SessionSettings sessions;
  private final RequestSettings requests;

  StationLimits(SessionSettings sessions, RequestSettings requests) {
    this.sessions = sessions;
    this.requests = requests;
  }

  @Override
  public UInteger getMaxSessions() {
    return uint(sessions.maxSessions());
  }

  @Override
  public Double getMaxSessionTimeout() {
    return sessions.maxSessionTimeoutS() * 1_000d;
  }

  @Override
  public UInteger getMaxNodesPerRead() {
    return uint(requests.maxNodesPerRead());
  }

  @Override
  public UInteger getMaxNodesPerBrowse() {
    return uint(requests.maxNodesPerBrowse());
  }

  @Override
  public UInteger getMaxNodesPerTranslateBrowsePathsToNodeIds() {
    return uint(requests.maxNodesPerBrowse());
  }

  // Milo only advertises these two; ArchiveReadServer checks them
  @Override
  public UInteger getMaxNodesPerHistoryReadData() {
    return uint(requests.maxNodesPerHistoryRead());
  }

  @Override
  public UInteger getMaxNodesPerHistoryReadEvents() {
    return uint(requests.maxNodesPerHistoryRead());
  }

  @Override
  public UInteger getMaxArrayLength() {
    return uint(requests.maxValueLength());
  }

  @Override
  public UInteger getMaxStringLength() {
    return uint(requests.maxValueLength());
  }

  @Override
  public UInteger getMaxByteStringLength() {
    return uint(requests.maxValueLength());
  }
}
