package io.twinua.server.config;

/**
 * A plant variable fed by an automation station tag.
 *
 * @param node string identifier of the NodeSet variable in the project namespace, e.g. {@code
 *     Plant.Treatment.Tank1.Level}
 * @param as name of the {@link AutomationStationConfig}
 * @param address NodeId of the tag on the AS server, e.g. {@code ns=2;s=Treatment.Tank1.Level}
 * @param archive whether every value goes to the process-value archive
 * @param writable whether operators may write it: a setpoint, written through to the AS (the
 *     NodeSet variable must allow CurrentWrite); otherwise the variable is served read-only
 */
public record TagMapping(String node, String as, String address, boolean archive, boolean writable) {

  /** A read-only tag (the common case). */
  public TagMapping(String node, String as, String address, boolean archive) {
    this(node, as, address, archive, false);
  }
}
