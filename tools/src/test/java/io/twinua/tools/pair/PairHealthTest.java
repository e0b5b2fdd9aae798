package io.twinua.tools.pair;

import static io.twinua.tools.pair.PairArchives.assertEqualsTruth;
import static io.twinua.tools.pair.PairArchives.now;
import static io.twinua.tools.pair.PairClients.FAULT;
import static io.twinua.tools.pair.PairClients.MASTER;
import static io.twinua.tools.pair.PairClients.STANDBY;
import static io.twinua.tools.pair.RunningPair.WAIT;
import static io.twinua.tools.pair.RunningPair.awaitLog;
import static io.twinua.tools.pair.RunningPair.count;
import static io.twinua.tools.pair.RunningPair.lastFinished;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.health.FaultInjectionMethod;
import io.twinua.server.security.Role;
import io.twinua.server.testing.Await;
import io.twinua.tools.pairlab.LoopbackPair.Station;
import io.twinua.tools.pairlab.PairLayout;
import io.twinua.tools.testing.TestProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviour doc §4 scenario 5, software failure found by the application health check, on one pair
 * of real station processes with fault injection switched on in their station files: each fault is
 * real (a thread blocked on the alarm service's lock, a worker's periodic task ended by an
 * exception). Each leads to Fault, the partner takes over as Master, the Fault station's
 * ServiceLevel drops below the Master's (clients move), and the right message is raised; a
 * restarted station rejoins as Standby and its archive is synced back from the moment the fault
 * was found. (A hung archive writer, by a real SQLite lock: PairScenariosTest.)
 */
class PairHealthTest {

  private static final Duration LEAD = Duration.ofSeconds(2);
  private static final String BLOCKAGE = "[1012351]";
  private static final String SWITCHOVER = "\\[1012240]";

  @TempDir Path dir;

  @Test
  void deadOrHungPartsSetFaultMoveClientsAndAreSyncedBackAfterTheRestart() throws Exception {
    try (PairHmi.Prepared prepared = PairHmi.prepare(dir)) {
      for (PairLayout.Side side : PairLayout.Side.values()) {
        Files.writeString(side.stationFile(dir), "diagnostics:\n  faultInjection: true\n", StandardOpenOption.APPEND);
      }
      RunningPair started;
      try {
        started = RunningPair.start(prepared, LEAD);
      } catch (AssertionError | Exception e) {
        throw new AssertionError(e.getMessage() + prepared.pair().diagnostics(80), e);
      }
      try (RunningPair run = started) {
        try {
          hungAlarmServiceIsFaultWithoutOperatorMessageAndSyncedBackAfterRestart(run, prepared.hmi());
          deadProcessConnectionWorkerIsRestartedOnceThenFault(run, prepared.hmi());
          deadSyncWorkerIsFault(run, prepared.hmi());
        } catch (AssertionError | Exception e) {
          throw run.explained(e);
        }
      }
    }
  }

  /**
   * The alarm service hangs (its lock held for good): the process values it evaluates stop at it, so
   * the station archives nothing more. No operator message names the alarm service (the log
   * does); after a restart the station is Standby and holds every PLC value of its Fault time.
   */
  private static void hungAlarmServiceIsFaultWithoutOperatorMessageAndSyncedBackAfterRestart(RunningPair run,
      PairHmi hmi) throws Exception {
    Station master = run.master();
    Station partner = run.pair.partnerOf(master);
    int blockages = count(master, BLOCKAGE);
    long injected = now();
    run.phase("hang the alarm service of " + master.name());
    inject(hmi, master, "alarm service", "hang");
    awaitFaultAndSwitch(run, master, partner);
    long found = now();
    assertEquals(blockages, count(master, BLOCKAGE), "no operator message when the alarm service failed");
    assertTrue(master.stationLogText().contains("the alarm service failed"), "the log names it");
    assertTrue(logs(master, SWITCHOVER + "[^\n]*health check failed"), "the switchover itself is reported");
    assertTrue(!logs(master, SWITCHOVER + "[^\n]*alarm service"), "without naming the alarm service");

    run.phase("restart " + master.name());
    run.kill(master);
    long restarted = now();
    run.restart(master);
    Await.until(WAIT, master.name() + " rejoins as Standby", () -> run.state(master) == STANDBY
        && run.state(partner) == MASTER);
    awaitLog(master, "[1012209] Archive synchronisation finished: health-", 0);
    RunningPair.Finished window = lastFinished(master, "health-");
    assertTrue(window.fromTicks() <= found, "synced from the moment the fault was found: " + window);
    assertTrue(window.toTicks() >= restarted, "up to the restart: " + window);
    run.awaitArchivedAfter(now());
    int checked = assertEqualsTruth(PairArchives.truth(run.pair), run.client(master), master.name(),
        PairArchives.tagsOf(run.pair, "AS1"), injected, restarted);
    run.phase(master.name() + " holds all " + checked + " AS1 values of its Fault time");
  }

  /** A process connection's worker that dies is restarted in place once; dying again soon after is Fault. */
  private static void deadProcessConnectionWorkerIsRestartedOnceThenFault(RunningPair run, PairHmi hmi)
      throws Exception {
    Station master = run.master();
    Station partner = run.pair.partnerOf(master);
    run.phase("kill the AS1 worker of " + master.name());
    inject(hmi, master, "process connection AS1", "kill");
    awaitLog(master, "[1012204] Redundancy internal failure: process connection AS1 failed (stopped", 0);
    assertTrue(master.redundancyLogText().contains("restarted in place"), "restart reported");
    assertEquals(MASTER, run.state(master), "a part restarted in place changes no role");
    long after = now();
    run.awaitArchivedAfter(after); // the restarted worker still feeds the archive

    run.phase("kill it again");
    inject(hmi, master, "process connection AS1", "kill");
    awaitFaultAndSwitch(run, master, partner);
    assertTrue(logs(master, SWITCHOVER + "[^\n]*health check failed: process connection AS1: stopped"),
        "1012240 names the part");

    run.phase("restart " + master.name());
    run.kill(master);
    run.restart(master);
    Await.until(WAIT, master.name() + " rejoins as Standby", () -> run.state(master) == STANDBY);
  }

  /** The alarm sync's periodic task ends with an exception: Fault, 1012240 naming it, no blockage reported. */
  private static void deadSyncWorkerIsFault(RunningPair run, PairHmi hmi) throws Exception {
    Station master = run.master();
    Station partner = run.pair.partnerOf(master);
    int blockages = count(master, BLOCKAGE);
    run.phase("kill the alarm sync of " + master.name());
    inject(hmi, master, "alarm sync", "kill");
    awaitFaultAndSwitch(run, master, partner);
    assertTrue(logs(master, SWITCHOVER + "[^\n]*health check failed: alarm sync: stopped"), "1012240 names the part");
    assertEquals(blockages, count(master, BLOCKAGE), "a worker that died is no blockage");
  }

  /** Waits for {@code failed} in Fault and {@code partner} Master; clients see it in the ServiceLevels. */
  private static void awaitFaultAndSwitch(RunningPair run, Station failed, Station partner) throws InterruptedException {
    Await.until(WAIT, failed.name() + " Fault, " + partner.name() + " Master",
        () -> run.state(failed) == FAULT && run.state(partner) == MASTER);
    Await.until(WAIT, "ServiceLevel of " + failed.name() + " below " + partner.name() + "'s",
        () -> serviceLevel(run.client(failed)) < serviceLevel(run.client(partner)));
    run.phase(failed.name() + " Fault (ServiceLevel " + serviceLevel(run.client(failed)) + "), " + partner.name()
        + " Master (" + serviceLevel(run.client(partner)) + ")");
  }

  /** Whether a line of {@code s}'s redundancy log matches {@code regex}. */
  private static boolean logs(Station s, String regex) {
    return Pattern.compile(regex).matcher(s.redundancyLogText()).find();
  }

  private static int serviceLevel(OpcUaClient client) {
    Object v = PairClients.read(client, NodeIds.Server_ServiceLevel);
    return v instanceof UByte b ? b.intValue() : -1;
  }

  /** Calls the engineer-only fault injection of {@code s}; a viewer is refused first. */
  private static void inject(PairHmi hmi, Station s, String part, String fault) throws Exception {
    OpcUaClient engineer = hmi.login(s, Role.ENGINEER);
    OpcUaClient viewer = hmi.anonymous(s);
    try {
      assertEquals(new StatusCode(StatusCodes.Bad_UserAccessDenied), call(viewer, part, fault), "engineers only");
      StatusCode result = call(engineer, part, fault);
      assertTrue(result.isGood(), part + " " + fault + ": " + result);
    } finally {
      engineer.disconnectAsync();
      viewer.disconnectAsync();
    }
  }

  private static StatusCode call(OpcUaClient client, String part, String fault) throws Exception {
    int ns = client.getNamespaceTable().getIndex(TestProject.PLANT_NS).intValue();
    return client.call(java.util.List.of(new CallMethodRequest(new NodeId(ns, FaultInjectionMethod.OBJECT_ID),
        new NodeId(ns, FaultInjectionMethod.METHOD_ID), new Variant[] {new Variant(part), new Variant(fault)})))
        .getResults()[0].getStatusCode();
  }
}
