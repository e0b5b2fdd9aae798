package io.twinua.server.alarms;

import java.util.Objects;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * A condition's state as read back from the message archive after a restart, identified the way the
 * archive knows it: by source node and condition name.
 */
public record ConditionSnapshot(NodeId sourceNode, String conditionName, ConditionState state) {

  public ConditionSnapshot {
    Objects.requireNonNull(sourceNode, "sourceNode");
    Objects.requireNonNull(conditionName, "conditionName");
    Objects.requireNonNull(state, "state");
  }
}
