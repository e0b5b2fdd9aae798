package io.twinua.tools.pair;

import static io.twinua.tools.pair.PairClients.MASTER;
import static io.twinua.tools.pair.PairClients.STANDBY;
import static io.twinua.tools.pair.PairClients.state;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.archive.UserArchive;
import io.twinua.server.archive.UserArchiveDefinition;
import io.twinua.server.archive.UserArchives;
import io.twinua.server.archive.UserField;
import io.twinua.server.archive.UserFieldType;
import io.twinua.server.station.DataDirLock;
import io.twinua.server.testing.Await;
import io.twinua.tools.Twinua;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.pairlab.PairLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code twinua duplicate} (issue 9 §4): station B runs a different project (one tag less
 * archived: "Projects not functionally equivalent" [1012202], see PairProjectEquivalenceTest) and
 * has no recipes; A's project and recipes are copied to B, after which the pair starts clean. Each
 * refusal names its problem.
 */
class PairDuplicateTest {

  private static final Duration WAIT = Duration.ofSeconds(180);
  private static final UserArchiveDefinition RECIPES = new UserArchiveDefinition("Recipes", List.of(
      new UserField("Product", UserFieldType.STRING, false), new UserField("TargetLevel", UserFieldType.DOUBLE, false),
      new UserField("DosingRate", UserFieldType.DOUBLE, false), new UserField("MixerMode", UserFieldType.INT32, false),
      new UserField("Active", UserFieldType.BOOLEAN, false)));

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  @Test
  void projectAndRecipesReachThePartnerAndThePairIsEquivalent() throws Exception {
    try (PairHmi.Prepared prepared = PairHmi.prepare(dir, p -> p.replaceFirst("archive: true", "archive: false"))) {
      LoopbackPair pair = prepared.pair();
      withRecipes(pair.a(), archive -> {
        archive.add("Lemonade", Map.of("Product", "Lemonade", "TargetLevel", 2.5, "MixerMode", 3, "Active", true));
        archive.add("Water", Map.of("Product", "Water", "DosingRate", 0.0));
        archive.add("Old", Map.of("Product", "Old"));
        archive.delete("Old"); // a tombstone travels too
      });
      withRecipes(pair.b(), archive -> archive.add("OnlyOnB", Map.of("Product", "stale")));
      byte[] stationFileB = Files.readAllBytes(stationFile(pair.b()));

      Run run = duplicate(pair.a(), pair.b());
      assertEquals(0, run.code(), run.err());
      assertTrue(run.err().contains("[##############################] "), "a progress bar on stderr: " + run.err());
      for (String f : List.of("project.yaml", "plant.xml", "users.yaml")) {
        assertArrayEquals(Files.readAllBytes(dir.resolve("project").resolve(f)), Files.readAllBytes(dir.resolve("project-b").resolve(f)), f);
      }
      assertArrayEquals(stationFileB, Files.readAllBytes(stationFile(pair.b())), "B's station file is untouched");
      withRecipes(pair.b(), archive -> {
        assertEquals(List.of("Lemonade", "Water"), archive.list(), "A's recipes replace B's own");
        assertEquals(2.5, archive.read("Lemonade").orElseThrow().fields().get("TargetLevel"));
        assertTrue(archive.changesSince(Long.MIN_VALUE).stream().anyMatch(r -> r.key().equals("Old") && r.deleted()));
      });

      try {
        pair.startBoth();
        OpcUaClient a = PairClients.whenUp(() -> prepared.hmi().anonymous(pair.a()), WAIT);
        OpcUaClient b = PairClients.whenUp(() -> prepared.hmi().anonymous(pair.b()), WAIT);
        Await.until(WAIT, "one Master and one Standby", () -> (state(a) == MASTER && state(b) == STANDBY)
            || (state(a) == STANDBY && state(b) == MASTER));
        Await.until(WAIT, "terminal bus up both ways", () -> pair.a().stationLogText().contains("terminal bus to STATION-B: UP")
            && pair.b().stationLogText().contains("terminal bus to STATION-A: UP"));
        assertFalse(pair.a().redundancyLogText().contains("[1012202]") || pair.b().redundancyLogText().contains("[1012202]"),
            "the projects are functionally equivalent after duplicating");
        a.disconnectAsync();
        b.disconnectAsync();
      } catch (Throwable e) {
        throw new AssertionError(e.getMessage() + pair.diagnostics(60), e);
      }
    }
  }

  @Test
  void refusalsNameTheProblem() throws Exception {
    try (PairHmi.Prepared prepared = PairHmi.prepare(dir, p -> p.replaceFirst("archive: true", "archive: false"))) {
      LoopbackPair pair = prepared.pair();
      Path a = stationFile(pair.a());
      Path b = stationFile(pair.b());
      byte[] projectOfB = Files.readAllBytes(dir.resolve("project-b").resolve("project.yaml"));

      Run self = run("duplicate", "--from", a.toString(), "--to", a.toString());
      assertEquals(3, self.code());
      assertTrue(self.err().contains("onto itself"), self.err());

      Path sameName = dir.resolve("station-a2.yaml");
      Files.writeString(sameName, Files.readString(a).replace("dataDir: station-a", "dataDir: station-a2"));
      Run named = run("duplicate", "--from", a.toString(), "--to", sameName.toString());
      assertEquals(3, named.code());
      assertTrue(named.err().contains("both named STATION-A"), named.err());

      withRecipes(pair.a(), archive -> archive.add("Lemonade", Map.of("Product", "Lemonade")));
      // a running station holds its data directory lock; the same lock held here stands for it
      try (DataDirLock running = DataDirLock.acquire(pair.b().dataDir())) {
        Run refused = run("duplicate", "--from", a.toString(), "--to", b.toString());
        assertEquals(3, refused.code());
        assertTrue(refused.err().contains("target station STATION-B is running"), refused.err());
        assertTrue(refused.err().contains("--config-only"), "names the way out: " + refused.err());
        assertArrayEquals(projectOfB, Files.readAllBytes(dir.resolve("project-b").resolve("project.yaml")),
            "nothing copied when refused");

        Run configOnly = run("duplicate", "--from", a.toString(), "--to", b.toString(), "--config-only");
        assertEquals(0, configOnly.code(), configOnly.err());
        assertTrue(configOnly.out().contains("configuration only"), configOnly.out());
        assertArrayEquals(Files.readAllBytes(dir.resolve("project").resolve("project.yaml")),
            Files.readAllBytes(dir.resolve("project-b").resolve("project.yaml")), "the configuration is copied");
      }
      assertFalse(Files.exists(pair.b().dataDir().resolve("archive").resolve("twinua.db")),
          "user archive contents are not copied into a running station's archive");
    }
  }

  private interface RecipeWork {
    void run(UserArchive archive) throws Exception;
  }

  /** Opens {@code s}'s archive (the station is not running) and works on its Recipes user archive. */
  private static void withRecipes(LoopbackPair.Station s, RecipeWork work) throws Exception {
    Path file = s.dataDir().resolve("archive").resolve("twinua.db");
    Files.createDirectories(file.getParent());
    try (ArchiveDatabase db = ArchiveDatabase.open(file, ArchiveSettings.defaults())) {
      work.run(UserArchives.open(db, List.of(RECIPES), s.name(), Clock.systemUTC()).archive("Recipes"));
    }
  }

  private static Path stationFile(LoopbackPair.Station s) {
    PairLayout.Side side = s.name().equals(PairLayout.Side.A.station()) ? PairLayout.Side.A : PairLayout.Side.B;
    return side.stationFile(s.dataDir().getParent());
  }

  private Run duplicate(LoopbackPair.Station from, LoopbackPair.Station to) {
    return run("duplicate", "--from", stationFile(from).toString(), "--to", stationFile(to).toString());
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Twinua());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
