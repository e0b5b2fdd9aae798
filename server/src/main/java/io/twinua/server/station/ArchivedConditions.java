package io.twinua.server.station;

import io.twinua.server.alarms.ConditionSnapshot;
import io.twinua.server.alarms.LimitAlarmDefinition;
import io.twinua.server.archive.MessageArchive;
import io.twinua.server.archive.MessageArchive.Condition;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.NodeIds;

/**
 * The newest archived state of each configured limit alarm, read back from the message archive at
 * start, so active, acknowledged and disabled alarms survive a restart (a kill -9 too: what the
 * archive committed comes back). The newest record by event time wins; alarms without a record
 * start fresh. The archive looks each alarm up in an index, so this does not grow with the archive.
 */
final class ArchivedConditions {

  private static final String LIMIT_ALARM = NodeIds.ExclusiveLimitAlarmType.toParseableString();

  private ArchivedConditions() {}

  static List<ConditionSnapshot> latest(MessageArchive messages, List<LimitAlarmDefinition> alarms) {
    List<Condition> wanted = alarms.stream()
        .map(a -> new Condition(a.source().toParseableString(), a.name())).toList();
    return messages.newestOfEachCondition(LIMIT_ALARM, wanted).stream()
        .flatMap(m -> MessageRecords.conditionSnapshot(m).stream())
        .toList();
  }
}
