package io.twinua.switcher;

import static io.twinua.switcher.Recorder.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Writes go to the current server only: a write cut off by a switch fails visibly and is never resent. */
class CurrentServerRequestsTest {

  private static final Duration BOUND = SwitcherHarness.BOUND;
  private static final String SETPOINT = "nsu=" + RedundantTestServer.NAMESPACE + ";s=" + RedundantTestServer.SETPOINT;

  private SwitcherHarness pair;
  private TestServers servers;
  private Recorder recorder;
  private RedundantClient client;

  @BeforeEach
  void start() throws Exception {
    pair = new SwitcherHarness();
    servers = pair.servers;
    recorder = pair.recorder;
    client = pair.connectToA(Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() throws Exception {
    servers.a().releaseWrites();
    pair.close();
  }

  @Test
  void writeGoesToTheCurrentServer() throws Exception {
    StatusCode status = client.write(SETPOINT, new DataValue(new Variant(5L))).get(10, TimeUnit.SECONDS);

    assertTrue(status.isGood(), status.toString());
    assertEquals(List.of(5L), servers.a().writes);
    assertEquals(List.of(), servers.b().writes);
  }

  @Test
  void writeInFlightWhenTheServerDiesFailsForTheCallerAndNeverReachesThePartner() throws Exception {
    servers.a().holdWrites();
    var write = client.write(SETPOINT, new DataValue(new Variant(42L)));
    await(() -> servers.a().writesArrived.get() == 1, BOUND, "the write to reach A");

    servers.a().stop();
    servers.a().releaseWrites();

    var failure = assertThrows(ExecutionException.class, () -> write.get(10, TimeUnit.SECONDS));
    var error = assertInstanceOf(UaException.class, failure.getCause());
    assertTrue(error.getStatusCode().isBad());
    assertTrue(error.getMessage().contains(TestServers.A) && error.getMessage().contains("not sent to another server"), error.getMessage());

    // the client moves on, and the next write (only it) goes to B
    recorder.awaitSwitchTo(TestServers.B, 1, BOUND);
    assertTrue(client.write(SETPOINT, new DataValue(new Variant(7L))).get(10, TimeUnit.SECONDS).isGood());
    assertEquals(List.of(7L), servers.b().writes, "42 must never be written on B");
  }

  @Test
  void writeWithNoServerReachableFailsNotConnected() throws Exception {
    servers.b().stop();
    servers.a().stop();
    await(() -> client.currentServer().isEmpty(), BOUND, "the client to have no server");

    var failure = assertThrows(ExecutionException.class,
        () -> client.write(SETPOINT, new DataValue(new Variant(9L))).get(10, TimeUnit.SECONDS));
    assertEquals(StatusCodes.Bad_NotConnected, assertInstanceOf(UaException.class, failure.getCause()).getStatusCode().getValue());

    servers.b().start();
    recorder.awaitSwitchTo(TestServers.B, 1, BOUND);
    assertEquals(List.of(), servers.b().writes, "a refused write is not sent later either");
  }
}
