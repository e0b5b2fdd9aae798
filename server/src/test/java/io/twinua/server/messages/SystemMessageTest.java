package io.twinua.server.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemMessageTest {

  /** Every number of redundancy-behaviour.md §9, in order, then TwinUA's own (1012370: issue 12). */
  private static final List<Integer> CATALOGUE =
      List.of(
          1012200, 1012201, 1012202, 1012203, 1012204, 1012205, 1012206, 1012207, 1012208, 1012209,
          1012214, 1012215, 1012216, 1012217, 1012218, 1012219, 1012220, 1012221, 1012222, 1012223,
          1012224, 1012225, 1012226, 1012227, 1012240, 1012241, 1012244, 1012245, 1012246, 1012349,
          1012350, 1012351, 1012352, 1012353, 1012354, 1012355, 1012356, 1012357, 1012359, 1012360,
          1012361, 1012362, 1012370, 1012371);

  @Test
  void enumHoldsExactlyTheCatalogueInOrder() {
    assertEquals(
        CATALOGUE, Arrays.stream(SystemMessage.values()).map(SystemMessage::number).toList());
  }

  @Test
  void lookupByNumberAndOperatorLine() {
    SystemMessage m = SystemMessage.byNumber(1012200).orElseThrow();
    assertEquals(SystemMessage.PARTNER_STATION_FAILURE, m);
    assertEquals("Partner station failure", m.text());
    assertEquals("[1012200] Partner station failure: B down", m.format("B down"));
    assertEquals("[1012200] Partner station failure", m.format(""));
    assertTrue(SystemMessage.byNumber(1012210).isEmpty());
    assertEquals(
        "Possible inconsistency of the archive databases",
        SystemMessage.byNumber(1012350).orElseThrow().text());
  }

  @Test
  void severitiesFollowTheKind() {
    for (SystemMessage m : SystemMessage.values()) {
      switch (m.kind()) {
        case FAULT, FAILURE -> assertTrue(m.severity() >= 800, m.name());
        case RESTORATION -> assertEquals(300, m.severity(), m.name());
        case INFO -> assertEquals(200, m.severity(), m.name());
      }
    }
    assertEquals(800, SystemMessage.PARTNER_STATION_FAILURE.severity());
    assertEquals(300, SystemMessage.PARTNER_STATION_BACK_ONLINE.severity());
    assertEquals(200, SystemMessage.ARCHIVE_SYNC_STARTED.severity());
  }
}
