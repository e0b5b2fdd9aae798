package io.twinua.server.redundancy;

/**
 * Where the pair's state is shown: the standard OPC UA redundancy nodes, ServiceLevel and the
 * {@code @} system tags. The manager calls it on every change; implementations only show.
 */
public interface RedundancyDisplay {

  /** Role, epoch, Master name, ServiceLevel and what is known of the partner, after any change. */
  void show(RedundancyRole role, long epoch, String masterName, int serviceLevel, PartnerView partner);

  /** The latest outgoing heartbeat, for the partner to read over the terminal bus. */
  void publishHeartbeat(Heartbeat heartbeat);
}
