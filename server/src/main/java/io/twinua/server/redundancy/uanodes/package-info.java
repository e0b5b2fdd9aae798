/**
 * The redundancy facts as OPC UA shows them (Part 4 §6.6.2, Part 5 §6.3.7-§6.3.9 and §12.5) and
 * as the pair's operators know them (the {@code @} system tags).
 *
 * <p>Entry points: {@link io.twinua.server.redundancy.uanodes.ServerRedundancyNodes}
 * ({@code Server/ServerRedundancy} as NonTransparentRedundancyType, ServiceLevel,
 * EstimatedReturnTime), {@link io.twinua.server.redundancy.uanodes.PairDiscovery} (FindServers
 * answers with both stations) and {@link io.twinua.server.redundancy.uanodes.SystemTags} (the
 * {@code @} tags and the {@code @RM_Heartbeat} the partner link subscribes to).
 */
package io.twinua.server.redundancy.uanodes;
