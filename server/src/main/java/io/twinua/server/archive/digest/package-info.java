/**
 * The archive digests over OPC UA, for the partner station only: the {@code @RM_ArchiveDigest}
 * method a station serves ({@link io.twinua.server.archive.digest.ArchiveDigestMethod}) and the
 * helper that calls it on the partner ({@link io.twinua.server.archive.digest.PartnerDigests}).
 */
package io.twinua.server.archive.digest;
