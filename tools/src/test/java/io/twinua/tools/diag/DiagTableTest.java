package io.twinua.tools.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twinua.server.diagnostics.SnapshotJson;
import io.twinua.server.testing.SampleSnapshots;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagTableTest {

  @Test
  void bothStationsSideBySideOneRowPerFactAndAnUnreachableOneSaysWhy() {
    JsonNode a = SnapshotJson.tree(SampleSnapshots.masterWithSerialLink());
    ObjectNode b = new ObjectMapper().createObjectNode();
    b.put("endpoint", "opc.tcp://127.0.0.1:4841");
    b.put("error", "Connection refused");

    String table = DiagTable.render(List.of(a, b));
    List<String> lines = table.lines().toList();

    assertTrue(lines.get(0).matches("station\\s+\\| STATION-A\\s+\\| UNREACHABLE\\s*"), lines.get(0));
    assertTrue(lines.get(2).contains("| Master (Master)") && lines.get(2).contains("| Connection refused"), lines.get(2));
    assertEquals(1, lines.stream().filter(l -> l.startsWith("serial link") && l.contains("UP /dev/pts/3 sent 10 recv 9 err 1")).count(), table);
    assertEquals(1, lines.stream().filter(l -> l.startsWith("partner ") && l.contains("STATION-B UP as Standby")).count(), table);
    assertEquals(1, lines.stream().filter(l -> l.startsWith("AS own") && l.contains("AS1 CONNECTED")).count(), table);
    assertEquals(1, lines.stream().filter(l -> l.startsWith("clients") && l.contains("3 / 2")).count(), table);
    assertEquals(1, lines.stream().filter(l -> l.startsWith("last message") && l.contains("| 01:02:03 [1012200] Partner station failure: STATION-B")).count(), table);
    int column = lines.get(0).indexOf('|');
    assertTrue(lines.stream().allMatch(l -> l.indexOf('|') == column), "labels padded to one width:\n" + String.join("\n", lines));
  }
}
