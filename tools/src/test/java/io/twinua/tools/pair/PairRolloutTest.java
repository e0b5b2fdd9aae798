package io.twinua.tools.pair;

import static io.twinua.tools.pair.PairSubscribeTest.COUNTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.config.ProjectDigest;
import io.twinua.server.config.ProjectLoader;
import io.twinua.server.config.StationConfig;
import io.twinua.server.config.StationLoader;
import io.twinua.server.security.Role;
import io.twinua.server.testing.Await;
import io.twinua.switcher.FailoverMode;
import io.twinua.switcher.Preference;
import io.twinua.switcher.RedundantClient;
import io.twinua.switcher.SwitchEvent;
import io.twinua.switcher.SwitcherConfig;
import io.twinua.switcher.discovery.ServerTrust;
import io.twinua.tools.pair.PairSubscribeTest.Delivered;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.pairlab.PairLayout;
import io.twinua.tools.plcsim.GroundTruth;
import io.twinua.tools.rollout.ProjectFiles;
import io.twinua.tools.rollout.Rollout;
import io.twinua.tools.rollout.StationControl;
import io.twinua.tools.testing.TestProject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviour doc §10 with real processes: a changed project (a tag the running one lacks, other
 * alarm limits) is rolled out to a running pair with {@link Rollout} (what {@code twinua rollout}
 * runs): Standby first, role switch, then the other station. A client-switcher subscriber stays
 * connected throughout and gets every PLC value of the counter exactly once.
 */
class PairRolloutTest {

  private static final Duration WAIT = Duration.ofSeconds(90);
  /** Two stations (four JVMs with their supervisors) starting on a busy 2-core machine. */
  private static final Duration START = Duration.ofSeconds(180);
  /** The tag the running project lacks and the rolled-out one maps. */
  private static final String NEW_TAG = "Plant.Distribution.TotalVolume";
  private static final String NEW_TAG_MAPPING =
      "  - node: Plant.Distribution.TotalVolume\n    as: AS2\n    address: ns=2;s=Distribution.TotalVolume\n    archive: true\n";

  @TempDir Path dir;

  @Test
  void aChangedProjectReachesBothStationsWhileAClientKeepsEveryValue() throws Exception {
    try (PairHmi.Prepared prepared = PairHmi.prepare(dir, PairRolloutTest::withoutNewTag, PairRolloutTest::withoutNewTag)) {
      LoopbackPair pair = prepared.pair();
      for (PairLayout.Side side : PairLayout.Side.values()) {
        // each station announces its restart 1 s ahead instead of the default 5 s: the same rollout, 8 s sooner
        Files.writeString(side.stationFile(dir), "restart:\n  delayS: 1\n", StandardOpenOption.APPEND);
      }
      Path newProject = changedProject(prepared.hmi().project().dir);
      String newDigest = ProjectDigest.of(ProjectLoader.load(newProject.resolve("project.yaml")));
      try (RunningPair run = started(prepared);
          ServerTrust trust = ServerTrust.trustEveryServer();
          RedundantClient subscriber = RedundantClient.create(SwitcherConfig.create(b -> b
              .url(pair.a().endpointUrl()).url(pair.b().endpointUrl()).trust(trust)
              .mode(FailoverMode.HOT).preference(Preference.none())))) {
        List<Delivered> got = new CopyOnWriteArrayList<>();
        List<SwitchEvent> switches = new CopyOnWriteArrayList<>();
        subscriber.addSwitchListener(switches::add);
        subscriber.start(WAIT).get();
        AutoCloseable sub = subscriber.subscribe(List.of(COUNTER), s -> got.add(
            new Delivered(s.sourceTime(), GroundTruth.format(s.value().getValue()), s.backfill())));
        Await.until(WAIT, "the subscriber gets values", () -> got.size() > 5);
        assertTrue(!live(run.client(pair.a()), NEW_TAG), "the running project has no " + NEW_TAG);

        List<StationConfig> stations = new ArrayList<>();
        for (PairLayout.Side side : PairLayout.Side.values()) {
          stations.add(StationLoader.load(side.stationFile(dir)));
        }
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        String digest;
        long started = System.nanoTime();
        try (PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8)) {
          digest = new Rollout(stations, newProject,
              s -> prepared.hmi().login(s.name().equals(pair.a().name()) ? pair.a() : pair.b(), Role.ENGINEER),
              ProjectFiles.PLAIN_COPY, WAIT, out).run();
        } catch (Exception | Error e) {
          throw new AssertionError(e.getMessage() + "\n" + report.toString(StandardCharsets.UTF_8)
              + pair.diagnostics(60), e);
        }
        System.out.println(report.toString(StandardCharsets.UTF_8));
        System.out.printf("MEASURED rolling change of the pair: %.1f s%n", (System.nanoTime() - started) / 1e9);
        assertEquals(newDigest, digest);

        // both run the new project: the new tag has values and the new alarm limits hold on each
        for (LoopbackPair.Station s : pair.stations()) {
          OpcUaClient c = PairClients.whenUp(() -> prepared.hmi().anonymous(s), WAIT);
          try {
            assertEquals(newDigest, new StationControl(c, TestProject.PLANT_NS).projectDigest(), s.name());
            Await.until(WAIT, s.name() + " shows " + NEW_TAG + " live", () -> live(c, NEW_TAG));
          } finally {
            c.disconnectAsync();
          }
          assertTrue(s.redundancyLogText().contains("[1012362] Server will restart in N s"), s.name());
        }
        int seen = got.size();
        Await.until(WAIT, "values after the change", () -> got.size() > seen + 10);
        sub.close();
        List<String> problems = PairSubscribeTest.everyPlcValueOnce(pair, "subscriber during the rolling change",
            List.copyOf(got), switches.toString());
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n"
            + String.join("\n", problems.subList(0, Math.min(30, problems.size()))));
      }
    }
  }

  private static RunningPair started(PairHmi.Prepared prepared) throws Exception {
    try {
      return RunningPair.start(prepared, Duration.ofSeconds(1), START);
    } catch (Exception | Error e) {
      throw new AssertionError(e.getMessage() + prepared.pair().diagnostics(60), e);
    }
  }

  private static String withoutNewTag(String project) {
    if (!project.contains(NEW_TAG_MAPPING)) {
      throw new AssertionError("demo project's " + NEW_TAG + " mapping changed; update this test");
    }
    return project.replace(NEW_TAG_MAPPING, "");
  }

  /** The running project with the new tag mapped again and Tank2's alarm limits changed. */
  private Path changedProject(Path running) throws Exception {
    Path changed = dir.resolve("changed-project");
    Files.createDirectories(changed);
    ProjectFiles.PLAIN_COPY.copy(running, changed);
    String text = Files.readString(changed.resolve("project.yaml"));
    String anchor = "  - node: Plant.Distribution.Pump3.Running\n";
    assertTrue(text.contains(anchor), "demo project changed; update this test");
    Files.writeString(changed.resolve("project.yaml"),
        TestProject.tank2AlwaysHigh(text.replace(anchor, NEW_TAG_MAPPING + anchor)));
    return changed;
  }

  /** The node has a good value that the PLC changes (two reads 2 s apart differ). */
  private static boolean live(OpcUaClient c, String node) {
    try {
      NodeId id = new NodeId(c.getNamespaceTable().getIndex(TestProject.PLANT_NS).intValue(), node);
      var first = c.readValue(0, TimestampsToReturn.Both, id);
      Thread.sleep(2000); // the PLC updates every 200 ms: two seconds apart a live value differs
      var second = c.readValue(0, TimestampsToReturn.Both, id);
      return first.statusCode().isGood() && second.statusCode().isGood()
          && !java.util.Objects.equals(first.value().value(), second.value().value());
    } catch (org.eclipse.milo.opcua.stack.core.UaException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
