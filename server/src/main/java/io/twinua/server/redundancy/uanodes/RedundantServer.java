package io.twinua.server.redundancy.uanodes;

import java.util.Objects;
import org.eclipse.milo.opcua.stack.core.types.enumerated.ServerState;

/**
 * One entry of {@code ServerRedundancy/RedundantServerArray} (RedundantServerDataType, Part 5
 * §12.5): a station as its partner last saw it.
 *
 * @param serverUri the station's application URI (as in ServerUriArray)
 * @param serviceLevel 0..255, the station's own ServiceLevel
 * @param state the station's ServerState (Unknown when the partner is not reachable)
 */
public record RedundantServer(String serverUri, int serviceLevel, ServerState state) {

  public RedundantServer {
    Objects.requireNonNull(serverUri, "serverUri");
    Objects.requireNonNull(state, "state");
    if (serverUri.isBlank()) {
      throw new IllegalArgumentException("redundant server: serverUri is blank");
    }
    ServerRedundancyNodes.requireServiceLevel(serviceLevel);
  }
}
