package io.twinua.tools.station;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.security.Role;
import io.twinua.server.station.Station;
import io.twinua.server.testing.Await;
import io.twinua.tools.pairlab.TcpProxy;
import io.twinua.tools.plcsim.GroundTruth;
import io.twinua.tools.plcsim.TruthValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Setpoints (issue 10): an operator's write of a process tag with {@code writable: true} goes to
 * the AS (the PLC simulator) and is confirmed only by the AS; the station shows and archives the
 * value the AS then sends, never the client's. Refused writes never reach the AS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StationSetpointTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SPEED = "Plant.Intake.Pump1.SpeedSetpoint";
  private static final String SPEED_AS = "Intake.Pump1.SpeedSetpoint";
  private static final String RATE = "Plant.Treatment.Dosing.RateSetpoint";

  @TempDir static Path dir;
  private TestPlant plant;
  private final List<OpcUaClient> clients = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    plant = TestPlant.start(dir.resolve("plant"), 100);
    Station station = plant.station();
    Await.until(WAIT, "AS1 connected", () -> station.asConnections().stream()
        .anyMatch(s -> s.as().equals("AS1") && s.isGood()));
  }

  @AfterAll
  void stop() {
    clients.forEach(OpcUaClient::disconnectAsync);
    if (plant != null) {
      plant.close();
    }
  }

  private OpcUaClient keep(OpcUaClient c) {
    clients.add(c);
    return c;
  }

  private static NodeId node(OpcUaClient client, String id) {
    return new NodeId(client.getNamespaceTable().getIndex(TestPlant.NS).intValue(), id);
  }

  static StatusCode write(OpcUaClient client, String id, Variant value) throws Exception {
    return client.writeValues(List.of(node(client, id)), List.of(DataValue.valueOnly(value))).get(0);
  }

  static List<TruthValue> truth(TestPlant plant, String as, String tag) {
    try {
      Map<String, List<TruthValue>> all = GroundTruth.read(plant.plc.automationStation(as).truthFile());
      return all.getOrDefault(tag, List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DataValue read(OpcUaClient client, String id) {
    try {
      return client.readValue(0, TimestampsToReturn.Both, node(client, id));
    } catch (UaException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The AS's value of {@code tag} with text {@code value}, once its truth log has it. */
  static TruthValue awaitTruth(TestPlant plant, String tag, String value) throws Exception {
    List<TruthValue> found = new ArrayList<>();
    Await.until(WAIT, "AS1 logs " + tag + " = " + value, () -> {
      found.clear();
      truth(plant, "AS1", tag).stream().filter(t -> t.valueText().equals(value)).forEach(found::add);
      return !found.isEmpty();
    });
    assertEquals(1, found.size(), "written once: " + found);
    return found.get(0);
  }

  @Test
  void operatorSetpointReachesTheAsAndTheStationShowsAndArchivesTheAsValue() throws Exception {
    OpcUaClient operator = keep(plant.login(Role.OPERATOR));
    long t0 = System.nanoTime();
    assertEquals(StatusCode.GOOD, write(operator, SPEED, new Variant(42.5)));
    System.out.printf("MEASURED setpoint write confirmed by the AS after %.1f ms (client -> station -> AS -> back)%n",
        (System.nanoTime() - t0) / 1e6);

    // confirmed by the AS: it holds the value (its truth log has it) by the time the write is Good
    TruthValue atAs = awaitTruth(plant, SPEED_AS, "42.5");
    // the station shows the AS's value with the AS's timestamp, not the client's write
    Await.until(WAIT, "station shows 42.5", () -> {
      DataValue v = read(operator, SPEED);
      return Double.valueOf(42.5).equals(v.value().value())
          && v.sourceTime() != null && v.sourceTime().getUtcTime() == atAs.sourceTicks();
    });
    Station station = plant.station();
    Await.until(WAIT, "archived with the AS's time", () -> {
      station.archive().values().flush();
      return station.archive().values().count(SPEED, atAs.sourceTicks(), atAs.sourceTicks() + 1) == 1;
    });
  }

  @Test
  void viewerAnonymousWrongTypesAndOutOfRangeAreRefusedAndNeverReachTheAs() throws Exception {
    OpcUaClient viewer = keep(plant.login(Role.VIEWER));
    OpcUaClient anonymous = keep(plant.anonymous());
    OpcUaClient operator = keep(plant.login(Role.OPERATOR));
    assertEquals(StatusCodes.Bad_UserAccessDenied, write(viewer, RATE, new Variant(11.0)).getValue());
    assertEquals(StatusCodes.Bad_UserAccessDenied, write(anonymous, RATE, new Variant(12.0)).getValue());
    assertEquals(StatusCodes.Bad_TypeMismatch, write(operator, RATE, new Variant(13)).getValue());
    assertEquals(StatusCodes.Bad_TypeMismatch, write(operator, RATE, new Variant("14")).getValue());
    assertEquals(StatusCodes.Bad_TypeMismatch, write(operator, RATE, new Variant(new Double[] {15.0})).getValue());
    // EURange 0..5 in the NodeSet (issue 12 item 6)
    assertEquals(StatusCodes.Bad_OutOfRange, write(operator, RATE, new Variant(5.5)).getValue());
    assertEquals(StatusCodes.Bad_OutOfRange, write(operator, RATE, new Variant(-0.5)).getValue());
    assertEquals(StatusCodes.Bad_OutOfRange, write(operator, RATE, new Variant(Double.NaN)).getValue());

    // a good write after them reaches the AS; none of the refused ones did
    assertEquals(StatusCode.GOOD, write(operator, RATE, new Variant(2.25)));
    awaitTruth(plant, "Treatment.Dosing.RateSetpoint", "2.25");
    List<String> atAs = truth(plant, "AS1", "Treatment.Dosing.RateSetpoint").stream().map(TruthValue::valueText).toList();
    for (String refused : List.of("11.0", "12.0", "13", "14", "[15.0]", "5.5", "-0.5", "NaN")) {
      assertFalse(atAs.contains(refused), refused + " reached the AS: " + atAs);
    }
  }

  @Test
  void oneRequestWithASetpointAndAnInternalTagAnswersEachInOrder() throws Exception {
    OpcUaClient operator = keep(plant.login(Role.OPERATOR));
    NodeId internal = node(operator, "Plant.Distribution.PressureSetpoint");
    NodeId position = node(operator, "Plant.Treatment.Valve1.PositionSetpoint");
    NodeId readOnly = node(operator, "Plant.Intake.Flow");
    List<StatusCode> results = List.of(operator.write(List.of(
            new WriteValue(internal, AttributeId.Value.uid(), null, DataValue.valueOnly(new Variant(3.5))),
            new WriteValue(position, AttributeId.Value.uid(), null, DataValue.valueOnly(new Variant(61.0))),
            new WriteValue(readOnly, AttributeId.Value.uid(), null, DataValue.valueOnly(new Variant(1.0)))))
        .getResults());
    assertEquals(3, results.size());
    assertEquals(StatusCode.GOOD, results.get(0), "internal tag: Milo's own write");
    assertEquals(StatusCode.GOOD, results.get(1), "setpoint: confirmed by the AS");
    assertEquals(StatusCodes.Bad_UserAccessDenied, results.get(2).getValue(), "read-only process tag, as before");
    awaitTruth(plant, "Treatment.Valve1.PositionSetpoint", "61.0");
    assertEquals(3.5, operator.readValue(0, TimestampsToReturn.Both, internal).value().value());
  }

  @Test
  void theAsStatusIsTheAnswerAndALostAsAnswersAtOnce(@TempDir Path other) throws Exception {
    // SpeedSetpoint mapped to a tag the AS does not have (the AS refuses writes to it); RateSetpoint mapped
    // without writable: true (served read-only although the NodeSet allows writing)
    try (TestPlant refusing = TestPlant.start(other, 100, p -> p
        .replace("address: ns=2;s=Intake.Pump1.SpeedSetpoint", "address: ns=2;s=Intake.Pump1.NoSuchTag")
        .replaceFirst("(address: ns=2;s=Treatment.Dosing.RateSetpoint\n    archive: true\n)    writable: true[^\n]*\n", "$1"))) {
      Station station = refusing.station();
      Await.until(WAIT, "AS1 connected", () -> station.asConnections().stream()
          .anyMatch(s -> s.as().equals("AS1") && s.isGood()));
      OpcUaClient operator = keep(refusing.login(Role.OPERATOR));

      // passed every check of the station; the AS's own answer is the client's
      StatusCode refused = write(operator, SPEED, new Variant(10.0));
      assertEquals(StatusCodes.Bad_NodeIdUnknown, refused.getValue(), "the AS's status, passed on: " + refused);
      station.archive().values().flush();
      assertEquals(0, station.archive().values().count(SPEED), "nothing archived");

      StatusCode readOnly = write(operator, RATE, new Variant(3.0));
      assertEquals(StatusCodes.Bad_UserAccessDenied, readOnly.getValue(), "served read-only: " + readOnly);
      DataValue accessLevel = operator.read(0.0, TimestampsToReturn.Neither, List.of(
          new ReadValueId(node(operator, RATE), AttributeId.AccessLevel.uid(), null, QualifiedName.NULL_VALUE))).getResults()[0];
      assertEquals(ubyte(5), accessLevel.value().value(), "CurrentWrite removed from the NodeSet's AccessLevel 7");
      assertTrue(truth(refusing, "AS1", "Treatment.Dosing.RateSetpoint").stream().noneMatch(t -> t.valueText().equals("3.0")));

      refusing.plc.automationStation("AS1").stop();
      Await.until(WAIT, "AS1 lost", () -> station.asConnections().stream()
          .anyMatch(s -> s.as().equals("AS1") && !s.isGood()));
      long t0 = System.nanoTime();
      StatusCode lost = write(operator, "Plant.Treatment.Valve1.PositionSetpoint", new Variant(20.0));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(StatusCodes.Bad_NotConnected, lost.getValue(), lost.toString());
      assertTrue(ms < 1_000, "answered without waiting for the AS: " + ms + " ms");
    }
  }

  @Test
  void aHungAsAnswersBadWithinTheTimeoutAndHoldsNoStationThread(@TempDir Path other) throws Exception {
    AtomicReference<TcpProxy> cable = new AtomicReference<>();
    // AS1 behind a cable that can go silent (a hung PLC: TCP stays open, nothing answers)
    try (TestPlant hung = TestPlant.start(other, 100, p -> {
      Matcher m = Pattern.compile("opc\\.tcp://127\\.0\\.0\\.1:(\\d+)").matcher(p);
      m.find();
      try {
        cable.set(new TcpProxy(Integer.parseInt(m.group(1))));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return p.replace(m.group(), cable.get().url());
    })) {
      Station station = hung.station();
      Await.until(WAIT, "AS1 connected", () -> station.asConnections().stream()
          .anyMatch(s -> s.as().equals("AS1") && s.isGood()));
      OpcUaClient operator = keep(hung.login(Role.OPERATOR));
      assertEquals(StatusCode.GOOD, write(operator, RATE, new Variant(1.5)), "through the cable");

      cable.get().blackhole();
      NodeId rate = node(operator, RATE);
      List<CompletableFuture<List<StatusCode>>> pending = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        pending.add(operator.writeValuesAsync(List.of(rate), List.of(DataValue.valueOnly(new Variant(2.0 + i / 10.0)))));
      }
      // the writes wait for the AS, not on station threads: no thread ever waits inside the
      // station's write handler (a blocking one would hold one Milo service thread per write)
      CompletableFuture<Void> all = CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
      int peak = 0;
      while (!all.isDone() && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(15)) {
        peak = Math.max(peak, threadsWaitingInTheWriteHandler());
        all.handle((v, e) -> null).completeOnTimeout(null, 50, TimeUnit.MILLISECONDS).join();
      }
      assertTrue(peak < 3, peak + " threads waited in the write handler while 20 writes waited for the AS");
      for (CompletableFuture<List<StatusCode>> f : pending) {
        StatusCode status = f.get(1, TimeUnit.SECONDS).get(0);
        assertTrue(status.isBad(), "never Good without the AS's answer: " + status);
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms < 8_000, "answered within the AS request timeout (5 s): " + ms + " ms");
    } finally {
      if (cable.get() != null) {
        cable.get().close();
      }
    }
  }

  /** Threads not running but blocked or waiting with the station's write handler on their stack. */
  private static int threadsWaitingInTheWriteHandler() {
    return (int) Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getState() != Thread.State.RUNNABLE)
        .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("io.twinua.server.station.ArchiveReadServer")
            || f.getClassName().startsWith("io.twinua.server.station.SetpointWrites")))
        .count();
  }

  @Test
  void clientsReadASetpointsEuRangeAsARange() throws Exception {
    OpcUaClient viewer = keep(plant.anonymous());
    DataValue v = read(viewer, RATE + ".EURange");
    Object value = v.value().value();
    Object range = value instanceof ExtensionObject xo ? xo.decode(viewer.getStaticEncodingContext()) : value;
    assertEquals(new Range(0.0, 5.0), range, "EURange of " + RATE + ": " + v);
  }
}
