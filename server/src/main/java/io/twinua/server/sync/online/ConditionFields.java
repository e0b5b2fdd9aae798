package io.twinua.server.sync.online;

import io.twinua.server.alarms.ConditionState;
import io.twinua.server.alarms.PartnerConditionState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;

/**
 * The operator state of a condition as fields below it, in one order for the event select and for
 * reading the condition's nodes by browse path, and how their values become a {@link
 * PartnerConditionState}.
 */
final class ConditionFields {

  /** A field: the type that declares it and its browse path (standard names, namespace 0). */
  record Field(NodeId declaringType, List<String> path) {
    QualifiedName[] browseNames() {
      return path.stream().map(name -> new QualifiedName(0, name)).toArray(QualifiedName[]::new);
    }
  }

  static final List<Field> FIELDS = List.of(
      new Field(NodeIds.ConditionType, List.of("EnabledState", "Id")),
      new Field(NodeIds.ConditionType, List.of("EnabledState", "TransitionTime")),
      new Field(NodeIds.AcknowledgeableConditionType, List.of("AckedState", "Id")),
      new Field(NodeIds.AcknowledgeableConditionType, List.of("AckedState", "TransitionTime")),
      new Field(NodeIds.AlarmConditionType, List.of("ActiveState", "TransitionTime")),
      new Field(NodeIds.ConditionType, List.of("Comment")),
      new Field(NodeIds.ConditionType, List.of("ClientUserId")));

  private ConditionFields() {}

  /**
   * @param values the values of {@link #FIELDS}, in that order
   * @return empty if a state or the active time is missing (not a condition of ours, or not readable)
   */
  static Optional<PartnerConditionState> state(NodeId localId, Object[] values, String origin) {
    if (!(values[0] instanceof Boolean enabled)
        || !(values[2] instanceof Boolean acked)) {
      return Optional.empty();
    }
    // no TransitionTime: the partner never changed that state (ConditionState#NEVER)
    Instant enabledTime = Objects.requireNonNullElse(instant(values[1]), ConditionState.NEVER);
    Instant ackedTime = Objects.requireNonNullElse(instant(values[3]), ConditionState.NEVER);
    Instant activeTime = instant(values[4]);
    if (activeTime == null) {
      return Optional.empty();
    }
    String comment = values[5] instanceof LocalizedText t ? t.getText() : null;
    String user = values[6] instanceof String s ? s : null;
    return Optional.of(new PartnerConditionState(localId, enabled, enabledTime, acked, ackedTime, activeTime,
        comment, user, origin));
  }

  private static Instant instant(Object value) {
    return value instanceof DateTime t && !t.isNull() ? t.getJavaInstant() : null;
  }
}
