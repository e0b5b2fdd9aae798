package io.twinua.server.alarms;

import java.time.Instant;
import java.util.Objects;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * The operator part of a condition as the partner station holds it (from its condition event):
 * what {@link AlarmService#applyPartnerState} takes over when it is newer than this station's.
 *
 * @param conditionId this station's NodeId of the same condition
 * @param enabled EnabledState/Id on the partner
 * @param enabledTime EnabledState/TransitionTime on the partner
 * @param acked AckedState/Id on the partner
 * @param ackedTime AckedState/TransitionTime on the partner
 * @param activeTime ActiveState/TransitionTime on the partner
 * @param comment Comment on the partner, or null
 * @param clientUserId ClientUserId on the partner (who acknowledged), or null
 * @param origin the partner station's name, recorded as the station of the archived transition
 */
public record PartnerConditionState(
    NodeId conditionId,
    boolean enabled,
    Instant enabledTime,
    boolean acked,
    Instant ackedTime,
    Instant activeTime,
    String comment,
    String clientUserId,
    String origin) {

  public PartnerConditionState {
    Objects.requireNonNull(conditionId, "conditionId");
    Objects.requireNonNull(enabledTime, "enabledTime");
    Objects.requireNonNull(ackedTime, "ackedTime");
    Objects.requireNonNull(activeTime, "activeTime");
    Objects.requireNonNull(origin, "origin");
  }
}
