package io.twinua.server.config;

/**
 * A plant variable fed by an automation station tag.
 *
 * @param node string identifier of the NodeSet variable in the project namespace, e.g. {@code
 *     Plant.Treatment.Tank1.Level}
 * @param as name of the {@link AutomationStationConfig}
 * @param address NodeId of the tag on the AS server, e.g. {@code ns=2;s=Treatment.Tank1.Level}
 * @param archive whether every value goes to the process-value archive
 */
public record TagMapping(String node, String as, String address, boolean archive) {}
