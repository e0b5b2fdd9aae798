package io.twinua.tools.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.config.StationConfig;
import io.twinua.tools.testing.TestProject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling change refuses before it touches a station when it cannot be done safely, and stops
 * with a message naming the step when a station cannot be reached; no station is logged into,
 * no file is copied in either case.
 */
class RolloutRefusalsTest {

  @TempDir Path dir;

  @Test
  void refusesAPairThatSharesOneProjectDirectory() throws Exception {
    Path shared = project("project");
    RolloutException e = refused(List.of(station("A", shared), station("B", shared)), project("changed"));
    assertTrue(e.getMessage().contains("both stations run the project of") && e.getMessage().contains("nothing was changed"),
        e.getMessage());
  }

  @Test
  void refusesTheStationsOwnDirectoryAndAProjectThatDoesNotLoad() throws Exception {
    Path a = project("a");
    Path b = project("b");
    assertTrue(refused(List.of(station("A", a), station("B", b)), a).getMessage().contains("is the project directory of A"));
    Path broken = project("broken");
    Files.writeString(broken.resolve("project.yaml"), "name: [unclosed");
    assertTrue(refused(List.of(station("A", a), station("B", b)), broken).getMessage().contains("does not load"));
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertTrue(refused(List.of(station("A", a), station("B", b)), empty).getMessage().contains("has no project.yaml"));
  }

  @Test
  void stopsWhenThePairIsNotMasterAndStandby() throws Exception {
    Path a = project("a");
    Path b = project("b");
    AtomicInteger logins = new AtomicInteger();
    Rollout rollout = new Rollout(List.of(station("A", a), station("B", b)), project("changed"), s -> {
      logins.incrementAndGet();
      throw new java.io.IOException("connection refused");
    }, (from, to) -> { throw new AssertionError("no copy may happen"); }, Duration.ofSeconds(1), quiet());
    RolloutException e = assertThrows(RolloutException.class, rollout::run);
    assertTrue(e.getMessage().contains("one Master and one Standby") && e.getMessage().contains("A not reachable")
        && e.getMessage().contains("nothing was changed"), e.getMessage());
    assertTrue(logins.get() > 0);
    assertEquals(Files.readString(a.resolve("project.yaml")), Files.readString(b.resolve("project.yaml")));
  }

  private RolloutException refused(List<StationConfig> stations, Path changed) {
    Rollout rollout = new Rollout(stations, changed, s -> {
      throw new AssertionError("no login before the checks pass");
    }, (from, to) -> { throw new AssertionError("no copy may happen"); }, Duration.ofSeconds(1), quiet());
    return assertThrows(RolloutException.class, rollout::run);
  }

  /** A copy of the demo project. */
  private Path project(String name) throws Exception {
    Path p = Files.createDirectories(dir.resolve(name));
    for (String f : List.of("project.yaml", "plant.xml", "users.yaml")) {
      Files.copy(TestProject.DEMO_PROJECT.resolve(f), p.resolve(f));
    }
    return p;
  }

  private StationConfig station(String name, Path projectDir) {
    return new StationConfig(name, projectDir.resolve("project.yaml"), dir.resolve("data-" + name), "127.0.0.1",
        "127.0.0.1", 4840, "urn:twinua:station:" + name, dir.resolve(name + ".yaml"), Map.of(), Optional.empty());
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream());
  }
}
