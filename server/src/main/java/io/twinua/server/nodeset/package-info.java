/**
 * OPC UA NodeSet2 (UANodeSet XML) support: {@link io.twinua.server.nodeset.NodeSetLoader} reads
 * the subset TwinUA needs into an immutable {@link io.twinua.server.nodeset.NodeSetModel};
 * {@link io.twinua.server.nodeset.NodeSetInstaller} creates the nodes in a Milo namespace.
 *
 * <p>Milo 1.1.2 ships no NodeSet loader, so this is our own StAX reader (no DTDs, no external
 * entities).
 */
package io.twinua.server.nodeset;
