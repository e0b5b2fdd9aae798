package io.twinua.switcher;

import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;

/**
 * One value of a subscribed variable, delivered once, in source-time order per node.
 *
 * @param node the node as the application gave it ({@code ns=2;s=...} or {@code nsu=...;s=...})
 * @param value the value with status and timestamps as the server sent it
 * @param sourceTime the value's source timestamp (the server timestamp if it has none)
 * @param receivedAt when the library received it
 * @param serverUri the server it came from
 * @param backfill true if it was read from the server's history to close a switch's gap
 */
public record Sample(String node, DataValue value, Instant sourceTime, Instant receivedAt, String serverUri, boolean backfill) {}
