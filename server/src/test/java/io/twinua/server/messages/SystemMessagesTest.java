package io.twinua.server.messages;

import static io.twinua.server.alarms.AlarmTestServer.field;
import static io.twinua.server.alarms.AlarmTestServer.subscribeEvents;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.twinua.server.alarms.AlarmTestServer.EventQueue;
import io.twinua.server.alarms.AlarmTestServer;
import io.twinua.server.testing.Await;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.FilterOperator;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilterElement;
import org.eclipse.milo.opcua.stack.core.types.structured.LiteralOperand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** End to end: a raised system message reaches the log, an OPC UA client and the sink. */
class SystemMessagesTest {

  private final List<SystemMessageRecord> archived = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> redundancyLog = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(SystemMessages.LOGGER_NAME);
  private AlarmTestServer station;
  private OpcUaClient client;

  @BeforeEach
  void start() throws Exception {
    redundancyLog.start();
    logger.addAppender(redundancyLog);
    station = AlarmTestServer.start();
    client = station.connect("viewer");
  }

  @AfterEach
  void stop() throws Exception {
    logger.detachAppender(redundancyLog);
    client.disconnect();
    station.close();
  }

  @Test
  void raisedMessageIsLoggedFiredAndArchived() throws Exception {
    var messages =
        new SystemMessages(station.server(), "stationA", archived::add, Clock.systemUTC());

    var subscription = new OpcUaSubscription(client, 50.0);
    subscription.create();
    // where clause OfType SystemEventType: the filter Milo evaluates per event item
    var ofType =
        new ContentFilter(
            new ContentFilterElement[] {
              new ContentFilterElement(
                  FilterOperator.OfType,
                  new ExtensionObject[] {
                    ExtensionObject.encode(
                        client.getStaticEncodingContext(),
                        new LiteralOperand(new Variant(NodeIds.SystemEventType)))
                  })
            });
    EventQueue events =
        subscribeEvents(
            subscription,
            List.of(
                field(NodeIds.BaseEventType, "EventId"),
                field(NodeIds.BaseEventType, "EventType"),
                field(NodeIds.BaseEventType, "SourceNode"),
                field(NodeIds.BaseEventType, "SourceName"),
                field(NodeIds.BaseEventType, "Message"),
                field(NodeIds.BaseEventType, "Severity")),
            ofType);

    SystemMessageRecord raised =
        messages.raise(SystemMessage.PARTNER_STATION_FAILURE, "stationB not reachable");

    Variant[] e = events.next();
    assertEquals(raised.eventId(), e[0].getValue());
    assertEquals(NodeIds.SystemEventType, e[1].getValue());
    assertEquals(NodeIds.Server, e[2].getValue());
    assertEquals("stationA", e[3].getValue());
    assertEquals(
        LocalizedText.english("[1012200] Partner station failure: stationB not reachable"),
        e[4].getValue());
    assertEquals(ushort(800), e[5].getValue());

    Await.until(Duration.ofSeconds(10), "archived", () -> archived.size() == 1);
    SystemMessageRecord record = archived.get(0);
    assertEquals(1012200, record.number());
    assertEquals("stationB not reachable", record.detail());
    assertEquals("stationA", record.stationName());
    assertEquals(raised, record);

    ILoggingEvent line = redundancyLog.list.get(0);
    assertEquals(Level.WARN, line.getLevel());
    assertEquals(
        "[1012200] Partner station failure: stationB not reachable", line.getFormattedMessage());

    messages.raise(SystemMessage.PARTNER_STATION_BACK_ONLINE, null);
    Variant[] back = events.next();
    assertEquals(
        LocalizedText.english("[1012201] Partner station back online"), back[4].getValue());
    assertEquals(ushort(300), back[5].getValue());
    assertEquals(Level.INFO, redundancyLog.list.get(1).getLevel());
  }

  @Test
  void raisingBeforeTheServerRunsStillLogsAndArchives() throws Exception {
    station.close();
    var messages =
        new SystemMessages(station.server(), "stationA", archived::add, Clock.systemUTC());
    messages.raise(SystemMessage.ARCHIVE_SYNC_STARTED, "");
    assertEquals(1, archived.size());
    assertEquals("[1012208] Archive synchronisation started", archived.get(0).text());
    assertEquals(
        "[1012208] Archive synchronisation started",
        redundancyLog.list.get(0).getFormattedMessage());
    station = AlarmTestServer.start(); // for @AfterEach
    client = station.connect("viewer");
  }

  @Test
  void concurrentRaisesAreAllDelivered() throws Exception {
    var messages =
        new SystemMessages(station.server(), "stationA", archived::add, Clock.systemUTC());
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 25; i++) {
                  messages.raise(SystemMessage.CLIENT_SWITCHED_AUTOMATICALLY, "client " + i);
                }
              });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    assertEquals(100, archived.size());
    assertEquals(100, archived.stream().map(SystemMessageRecord::eventId).distinct().count());
    assertEquals(100, redundancyLog.list.size());
  }
}
