package io.twinua.switcher;

import java.time.Instant;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * One event of an event subscription.
 *
 * @param fields the values of the application's select clauses, in their order
 * @param receivedAt when the library received it
 * @param serverUri the server it came from
 * @param refresh true if the server sent it in answer to the ConditionRefresh the library calls
 *     after each switch (Part 9 §5.5.7): the current state of a condition, maybe already seen
 *     from the server left, not a new transition. The RefreshStart/RefreshEnd markers themselves
 *     are not delivered.
 */
public record Event(List<Variant> fields, Instant receivedAt, String serverUri, boolean refresh) {}
