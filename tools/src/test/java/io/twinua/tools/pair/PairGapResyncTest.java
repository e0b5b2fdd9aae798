package io.twinua.tools.pair;

import static io.twinua.tools.pair.PairArchives.SECOND;
import static io.twinua.tools.pair.PairArchives.assertEqualsTruth;
import static io.twinua.tools.pair.PairArchives.event;
import static io.twinua.tools.pair.PairArchives.hasEvent;
import static io.twinua.tools.pair.PairArchives.history;
import static io.twinua.tools.pair.PairArchives.now;
import static io.twinua.tools.pair.PairArchives.text;
import static io.twinua.tools.pair.PairClients.FAULT;
import static io.twinua.tools.pair.PairClients.MASTER;
import static io.twinua.tools.pair.PairClients.STANDBY;
import static io.twinua.tools.pair.PairClients.neverTwoMasters;
import static io.twinua.tools.pair.RunningPair.WAIT;
import static io.twinua.tools.pair.RunningPair.awaitLog;
import static io.twinua.tools.pair.RunningPair.count;
import static io.twinua.tools.pair.RunningPair.lastFinished;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinua.server.testing.Await;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.pairlab.LoopbackPair.Station;
import io.twinua.tools.plcsim.TruthValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's pair tests of the gap resync, with real station processes, real SQLite and the PLC
 * simulator's ground truth (behaviour doc §4 scenarios 1, 2, 4, the alternating failures, and §5):
 * after each outage the returning station's archive holds exactly the values the PLC produced, none
 * lost, none twice. Scenarios share a pair where one follows from the state the last one left.
 */
class PairGapResyncTest {

  /**
   * PLC values produced while a station is away. Not shorter: with {@link #LEAD} the checked window
   * must span the 12 s in which the slowest tag (Treatment.BatchId) changes once (4 s failed).
   */
  private static final Duration OUTAGE = Duration.ofSeconds(8);
  /** A checked window opens this long before its outage. */
  private static final Duration LEAD = Duration.ofSeconds(5);
  private static final long LEAD_TICKS = LEAD.toMillis() * 10_000L;
  private static final String DOWN_FINISHED = "[1012209] Archive synchronisation finished: down-";
  /**
   * Tags given many extra rows on the sending station so a resync takes seconds: the first is done
   * early (a checkpoint), the second is copied when the sender is killed. Project order: Speed is
   * the 2nd archived tag, Temperature the 7th.
   */
  private static final List<String> BULKY = List.of("Intake.Pump1.Speed", "Treatment.Tank1.Temperature");
  private static final int BULK_ROWS = 150_000;
  /**
   * The second bulky tag gets this many times the rows, so its copy lasts long enough (seconds even
   * at a quiet machine's resync speed) to see the first one checkpointed and kill the sender.
   */
  private static final int SECOND_BULK_FACTOR = 4;

  @TempDir Path dir;

  /**
   * One pair, one outage after another, the next starting from the roles the last left:
   * <ol>
   *   <li>the terminal bus is cut (status LAN alive): no role flips, and each station gets the
   *       other's messages of the cut ({@link #terminalBusCutFlipsNoRoleAndTheMessagesFollow});
   *   <li>the Master loses AS1: when it clears, its gap is filled for every AS ({@link
   *       #processConnectionFaultIsFilledForEveryAs});
   *   <li>the Master is killed (kill -9) and restarted, twice: the roles alternate, so each
   *       station is out in turn and is filled from the new Master ({@link #killedMasterIsFilled});
   *   <li>once more, and the sender is killed in the middle of the resync: the receiver reports
   *       1012216 and resumes from its checkpoint when the sender is back ({@link
   *       #interruptedResyncResumes}).
   * </ol>
   * At the end both archives hold exactly the PLC's values over the whole run (none lost, none
   * twice), and the same values of the tags given extra rows.
   */
  @Test
  void outagesOneAfterAnotherEndWithBothArchivesEqualToThePlc() throws Exception {
    try (PairHmi.Prepared prepared = PairHmi.prepare(dir); RunningPair run = RunningPair.start(prepared, LEAD)) {
      try {
        long from = now() - LEAD_TICKS;
        terminalBusCutFlipsNoRoleAndTheMessagesFollow(run);
        processConnectionFaultIsFilledForEveryAs(run);
        for (int round = 1; round <= 2; round++) {
          killedMasterIsFilled(run);
        }
        Station receiver = interruptedResyncResumes(run);
        Station sender = run.pair.partnerOf(receiver);
        long to = now();
        run.awaitArchivedAfter(to);
        run.phase("check both archives");
        Map<String, List<TruthValue>> truth = PairArchives.truth(run.pair);
        List<String> plain = truth.keySet().stream().filter(t -> !BULKY.contains(t)).toList();
        int checked = 0;
        for (Station s : run.pair.stations()) {
          checked += assertEqualsTruth(truth, run.client(s), s.name(), plain, from, to);
        }
        for (String tag : BULKY) {
          List<String> onReceiver = text(history(run.client(receiver), tag, from, to));
          List<String> onSender = text(history(run.client(sender), tag, from, to));
          assertTrue(onSender.size() > BULK_ROWS, tag + " holds the added rows: " + onSender.size());
          assertEquals(onSender.size(), onReceiver.size(), tag + ": as many values on both stations");
          assertEquals(onSender, onReceiver, tag + ": the same values on both stations");
        }
        run.phase("checked");
        System.out.println("MEASURED outages one after another: " + checked + " PLC values of " + plain.size()
            + " tags checked on both stations over " + (to - from) / SECOND + " s");
      } catch (AssertionError | Exception e) {
        throw run.explained(e);
      }
    }
  }

  /** Kills the Master under PLC load, restarts it and checks its archive over its outage. */
  private static void killedMasterIsFilled(RunningPair run) throws Exception {
    Station master = run.master();
    Station survivor = run.pair.partnerOf(master);
    int filled = count(master, DOWN_FINISHED);
    long killed = now();
    run.phase("kill the Master " + master.name());
    run.kill(master);
    Await.until(WAIT, survivor.name() + " takes over as Master", () -> run.state(survivor) == MASTER);
    run.awaitPlcValuesAfter(killed, OUTAGE);
    long restarted = now();
    run.phase("restart " + master.name());
    run.restart(master);
    Await.until(WAIT, master.name() + " Standby, " + survivor.name() + " stays Master",
        () -> run.state(master) == STANDBY && run.state(survivor) == MASTER);
    awaitLog(master, DOWN_FINISHED, filled);
    run.phase(master.name() + " filled");
    assertFalse(master.redundancyLogText().contains("[1012203]"), "no sync failure:\n" + master.redundancyLogText());
    Map<String, List<TruthValue>> truth = PairArchives.truth(run.pair);
    int checked = assertEqualsTruth(truth, run.client(master), master.name(), truth.keySet(), killed - LEAD_TICKS, restarted);
    System.out.println("MEASURED killed Master " + master.name() + " out " + (restarted - killed) / SECOND + " s: "
        + checked + " PLC values of its outage all in its archive after the resync ("
        + lastFinished(master, "down-") + ")");
  }

  /**
   * Kills the Master (the receiver), gives the survivor (the sender) many rows early in the
   * receiver's coming window, restarts the receiver and kills the sender once the receiver's
   * ledger shows the first bulky tag done and the second not: the resync is interrupted in the
   * middle. Then restarts the sender and waits for the receiver to finish the same window.
   */
  private static Station interruptedResyncResumes(RunningPair run) throws Exception {
    Station receiver = run.master();
    Station sender = run.pair.partnerOf(receiver);
    int interruptions = count(receiver, "[1012216]");
    long killed = now();
    run.kill(receiver);
    Await.until(WAIT, sender.name() + " takes over as Master", () -> run.state(sender) == MASTER);
    // inside the receiver's window (it starts a minute before its last archived value) but before
    // the sender's own coming window, which starts a minute before the sender is killed below
    StationArchiveFile.addCopies(sender, BULKY.get(0), killed - 57 * SECOND + 7, 400, BULK_ROWS);
    StationArchiveFile.addCopies(sender, BULKY.get(1), killed - 57 * SECOND + 7, 100, SECOND_BULK_FACTOR * BULK_ROWS);
    run.phase("bulk rows added to " + sender.name());
    run.awaitPlcValuesAfter(killed, OUTAGE);
    run.phase("restart " + receiver.name());
    run.restart(receiver);
    Path ledger = receiver.dataDir().resolve("sync").resolve("gaps.json");
    String[] window = {null};
    Await.until(WAIT, Duration.ofMillis(50), receiver.name() + "'s resync done with " + BULKY.get(0) + ", not with "
        + BULKY.get(1), () -> {
          Optional<JsonNode> w = downWindow(ledger);
          w.ifPresent(n -> window[0] = n.get("id").asText());
          return w.isPresent() && doneTags(w.get()).contains("Plant." + BULKY.get(0))
              && !doneTags(w.get()).contains("Plant." + BULKY.get(1));
        });
    run.phase("kill the sender " + sender.name() + " in the middle");
    run.kill(sender);
    awaitLog(receiver, "[1012216]", interruptions);
    Await.until(WAIT, receiver.name() + " Master", () -> run.state(receiver) == MASTER);
    assertTrue(downWindow(ledger).isPresent(), "the interrupted window stays in the ledger");
    int senderFilled = count(sender, DOWN_FINISHED);
    run.phase("restart " + sender.name());
    run.restart(sender);
    Await.until(WAIT, sender.name() + " Standby, " + receiver.name() + " stays Master",
        () -> run.state(sender) == STANDBY && run.state(receiver) == MASTER);
    String done = "[1012209] Archive synchronisation finished: " + window[0];
    awaitLog(receiver, done, 0);
    awaitLog(sender, DOWN_FINISHED, senderFilled);
    run.phase("both filled");
    String log = receiver.redundancyLogText();
    Matcher resumed = Pattern.compile("\\[1012208][^\\n]*" + window[0] + "[^\\n]*\\(resumed: (\\d+) tags done\\)").matcher(log);
    assertTrue(resumed.find(), "the window resumed from its checkpoint:\n" + log);
    assertTrue(Integer.parseInt(resumed.group(1)) >= 2, "at least the first tags were not copied again:\n" + log);
    assertFalse(log.contains("[1012203]"), "no sync failure:\n" + log);
    System.out.println("MEASURED interrupted resync of " + receiver.name() + ": resumed with " + resumed.group(1)
        + " tags done; " + lastFinished(receiver, window[0]));
    return receiver;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The station's own-down-time window in its gap ledger, if there is one. */
  private static Optional<JsonNode> downWindow(Path ledger) {
    try {
      if (!Files.exists(ledger)) {
        return Optional.empty();
      }
      for (JsonNode w : JSON.readTree(ledger.toFile())) {
        if (w.get("id").asText().startsWith("down-")) {
          return Optional.of(w);
        }
      }
    } catch (Exception e) {
      // read while being replaced: the next poll reads it again
    }
    return Optional.empty();
  }

  private static List<String> doneTags(JsonNode window) {
    List<String> done = new ArrayList<>();
    window.get("tagsDone").forEach(t -> done.add(t.asText()));
    return done;
  }

  /**
   * The terminal bus between the stations is cut both ways (silent loss) while the status LAN
   * lives. The cut loses no process values (each station keeps its own PLC connection, checked at
   * the end) and flips no role; what each station lacks afterwards is the other's messages of
   * the cut, which the resync of its partner-outage window brings.
   */
  private static void terminalBusCutFlipsNoRoleAndTheMessagesFollow(RunningPair run) throws Exception {
    Station master = run.master();
    Station standby = run.pair.partnerOf(master);
    long from = now() - LEAD_TICKS;
    String partnerFilled = "[1012209] Archive synchronisation finished: partner-";
    int filledOnMaster = count(master, partnerFilled);
    int filledOnStandby = count(standby, partnerFilled);
    run.phase("cut the terminal bus");
    master.toPartner().blackhole();
    standby.toPartner().blackhole();
    Await.until(WAIT, "both report the main connection interrupted",
        () -> count(master, "[1012222]") > 0 && count(standby, "[1012222]") > 0);
    neverTwoMasters(run.client(master), run.client(standby), Duration.ofSeconds(3));
    long cutEnd = now();
    run.phase("restore the terminal bus");
    master.toPartner().restore();
    standby.toPartner().restore();
    awaitLog(standby, partnerFilled, filledOnStandby);
    awaitLog(master, partnerFilled, filledOnMaster);
    run.phase("both filled");
    assertEquals(MASTER, run.state(master), "roles do not flip back");
    assertEquals(STANDBY, run.state(standby), "roles do not flip back");
    for (Station s : run.pair.stations()) {
      Station other = run.pair.partnerOf(s);
      Variant[] own = event(run.client(s), from, cutEnd + SECOND, "[1012222]");
      assertTrue(hasEvent(run.client(other), from, cutEnd + SECOND, own[0].value()),
          other.name() + " holds " + s.name() + "'s " + own[1].value());
    }
  }

  /**
   * The Master loses its connection to AS1 only: it goes to Fault, the partner takes over. When
   * the fault clears, its fault window is filled from the partner for every tag of every AS: it
   * copies exactly as many values as the partner holds in the window, AS2's included.
   */
  private static void processConnectionFaultIsFilledForEveryAs(RunningPair run) throws Exception {
    Station master = run.master();
    Station standby = run.pair.partnerOf(master);
    run.phase("cut " + master.name() + "'s connection to AS1");
    master.toAs("AS1").cut();
    long faulted = now();
    Await.until(WAIT, master.name() + " Fault, " + standby.name() + " Master",
        () -> run.state(master) == FAULT && run.state(standby) == MASTER);
    run.awaitPlcValuesAfter(faulted, OUTAGE);
    run.phase("restore " + master.name() + "'s connection to AS1");
    master.toAs("AS1").restore();
    Await.until(WAIT, master.name() + " Standby, " + standby.name() + " stays Master",
        () -> run.state(master) == STANDBY && run.state(standby) == MASTER);
    awaitLog(master, "[1012209] Archive synchronisation finished: fault-", 0);
    run.phase(master.name() + " filled");
    RunningPair.Finished fault = lastFinished(master, "fault-");
    Set<String> as2 = PairArchives.tagsOf(run.pair, "AS2");
    long inWindow = 0;
    long ofAs2 = 0;
    for (String tag : PairArchives.truth(run.pair).keySet()) {
      int n = history(run.client(standby), tag, fault.fromTicks(), fault.toTicks()).size();
      inWindow += n;
      if (as2.contains(tag)) {
        ofAs2 += n;
      }
    }
    assertTrue(ofAs2 > 0, "AS2 values in the fault window");
    assertEquals(inWindow, fault.values(), "the fault window copied every tag of every AS from the partner: " + fault);
    Map<String, List<TruthValue>> truth = PairArchives.truth(run.pair);
    int checked = assertEqualsTruth(truth, run.client(master), master.name(), truth.keySet(), faulted - LEAD_TICKS,
        fault.toTicks());
    System.out.println("MEASURED process-connection fault of " + master.name() + ": " + checked
        + " PLC values of its fault in its archive; " + fault + " (" + ofAs2 + " values of AS2)");
  }

  /**
   * The project's {@code sync: {window: {lastHours: 2}, kinds: [values]}}. The Standby is killed;
   * while it is down its archive is cut back to a single value 5 hours old, as after an outage of
   * 5 hours, and the Master is given values 3 hours old. After the restart the Standby gets the
   * last 2 hours of values only: the Master's values of 3 hours ago are not copied (neither by the
   * resync nor by the digest compare that follows it, which looks back no further than the
   * window), every PLC value of the last minutes is (compared with the ground truth), and no
   * message of the Master is (messages are deselected).
   */
  @Test
  void onlyTheLastHoursOfValuesAndNoMessagesWhenDeselected() throws Exception {
    String sync = "\nsync:\n  window: {lastHours: 2}\n  kinds: [values]\n";
    try (PairHmi.Prepared prepared = PairHmi.prepareEdited(dir, p -> p + sync);
        RunningPair run = RunningPair.start(prepared, LEAD)) {
      try {
        Station master = run.master();
        Station standby = run.pair.partnerOf(master);
        long from = now() - LEAD_TICKS;
        long killed = now();
        run.kill(standby);
        awaitLog(master, "[1012200]", 0);
        long hour = 3600 * SECOND;
        long tooOld = killed - 3 * hour;
        String tag = "Intake.Flow";
        StationArchiveFile.addCopies(master, tag, tooOld, SECOND, 50);
        StationArchiveFile.addCopies(standby, tag, killed - 5 * hour, SECOND, 1);
        StationArchiveFile.deleteValuesAfter(standby, killed - 5 * hour);
        run.awaitPlcValuesAfter(killed, OUTAGE);
        run.restart(standby);
        Await.until(WAIT, standby.name() + " Standby, " + master.name() + " stays Master",
            () -> run.state(standby) == STANDBY && run.state(master) == MASTER);
        awaitLog(standby, DOWN_FINISHED, 0);
        RunningPair.Finished filled = lastFinished(standby, "down-");
        assertTrue(filled.fromTicks() < killed - 5 * hour, "the window reaches back 5 h: " + filled);
        assertEquals(0, filled.messages(), "no message copied: " + filled);
        Matcher started = Pattern.compile("\\[1012208][^\\n]*" + filled.id() + " \\[([^,]+), ([^)]+)\\)[^\\n]*kinds \\[values]")
            .matcher(standby.redundancyLogText());
        assertTrue(started.find(), "start reported with kinds [values]:\n" + standby.redundancyLogText());
        long syncedFrom = io.twinua.server.archive.Ticks.of(java.time.Instant.parse(started.group(1)));
        assertEquals(filled.toTicks() - 2 * hour, syncedFrom, "only the last 2 h are synchronised");

        long to = now();
        run.awaitArchivedAfter(to);
        Map<String, List<TruthValue>> truth = PairArchives.truth(run.pair);
        int checked = assertEqualsTruth(truth, run.client(standby), standby.name(), truth.keySet(), from, to);
        assertEquals(50, history(run.client(master), tag, tooOld, tooOld + 60 * SECOND).size(), "the Master's old values");
        assertEquals(List.of(), text(history(run.client(standby), tag, tooOld, tooOld + 60 * SECOND)),
            "values older than the last 2 h are not copied");
        Variant[] failure = event(run.client(master), from, to, "[1012200]");
        assertFalse(hasEvent(run.client(standby), from, to, failure[0].value()),
            "messages deselected: the Standby does not hold the Master's " + failure[1].value());
        System.out.println("MEASURED last 2 h of values only: " + checked + " PLC values checked on the Standby; " + filled);
      } catch (AssertionError | Exception e) {
        throw run.explained(e);
      }
    }
  }
}
