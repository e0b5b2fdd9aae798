package io.twinua.server.station;

import io.twinua.server.alarms.ConditionSnapshot;
import io.twinua.server.alarms.LimitAlarmDefinition;
import io.twinua.server.archive.MessageArchive;
import io.twinua.server.archive.MessageCursor;
import io.twinua.server.archive.MessageRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.NodeIds;

/**
 * The newest archived state of each configured limit alarm, read back from the message archive at
 * start, so active, acknowledged and disabled alarms survive a restart (a kill -9 too: what the
 * archive committed comes back). The newest record by event time wins; alarms without a record
 * start fresh.
 */
final class ArchivedConditions {

  private static final int PAGE = 500;
  private static final String LIMIT_ALARM = NodeIds.ExclusiveLimitAlarmType.toParseableString();

  private ArchivedConditions() {}

  static List<ConditionSnapshot> latest(MessageArchive messages, List<LimitAlarmDefinition> alarms) {
    Set<String> wanted = alarms.stream()
        .map(a -> key(a.source().toParseableString(), a.name())).collect(Collectors.toSet());
    Map<String, ConditionSnapshot> found = new LinkedHashMap<>();
    MessageCursor after = null;
    // newest first, page by page, until every alarm has its state or the archive ends
    while (found.size() < wanted.size()) {
      List<MessageRecord> page = messages.read(0, Long.MAX_VALUE, PAGE, after);
      for (MessageRecord m : page) {
        String key = key(m.sourceNode(), m.conditionName());
        if (LIMIT_ALARM.equals(m.eventType()) && wanted.contains(key) && !found.containsKey(key)) {
          MessageRecords.conditionSnapshot(m).ifPresent(s -> found.put(key, s));
        }
      }
      if (page.size() < PAGE) {
        break;
      }
      after = MessageCursor.after(page.get(page.size() - 1));
    }
    return List.copyOf(found.values());
  }

  private static String key(String sourceNode, String conditionName) {
    return sourceNode + "|" + conditionName;
  }
}
