/**
 * The terminal-bus partner link: each station is a Milo client of its partner station.
 *
 * <p>{@link io.twinua.server.redundancy.partner.PartnerLink} logs in to the partner with the
 * station's own application certificate (channel Basic256Sha256/SignAndEncrypt and an X.509 user
 * token, so the partner grants the PARTNER role), subscribes to the partner's {@code @RM_Heartbeat}
 * variable and reports each fresh {@link io.twinua.server.redundancy.Heartbeat} and the link's
 * UP/DOWN state, DOWN after the station's link timeout without a fresh heartbeat. Its client is
 * meant to carry the archive synchronisation too; that synchronisation does not exist yet.
 */
package io.twinua.server.redundancy.partner;
