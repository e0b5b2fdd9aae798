package io.twinua.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Smoke tests with few tags: every server delivers the tags' changes, and the table says so. Not timed. */
@ExtendWith(RepositoryHome.class)
class SubscriptionBenchCommandTest {

  @TempDir Path dir;

  @Test
  void countsNotificationsFromTheStationAndFromThePlainMiloServer() {
    // no Node.js here: the node-opcua row says why, the other figures stand and the exit status is 0
    BenchRun run = BenchRun.of("bench", "subscriptions", "--tags", "200", "--period-ms", "500", "--seconds", "3",
        "--node", dir.resolve("no-such-dir").resolve("node").toString(), "--dir", dir.resolve("bench").toString());

    assertEquals(0, run.exit(), run.out());
    double offered = 200 * 2; // changes/s
    // each server delivers the changes it serves: at least half of them even on a busy machine
    assertTrue(run.figure("notifications/s", 0) >= offered / 2, run.out());
    assertTrue(run.figure("notifications/s", 1) >= offered / 2, run.out());
    assertTrue(run.figure("notifications/s", 1) <= offered * 1.5, "no more than the changes:\n" + run.out());
    assertTrue(run.figure("longest gap between data notifications, ms", 1) > 0, run.out());
    assertTrue(run.figure("ratio station / plain") > 0, run.out());
    assertTrue(run.out().contains("goal notifications/s >= 0.9x the plain server:"), run.out());
    assertTrue(run.out().contains("node-opcua baseline not measured: " + dir.resolve("no-such-dir").resolve("node")
        + " not found: install Node.js"), run.out());

    assertEquals(2, BenchRun.of("bench", "subscriptions", "--period-ms", "50").exit(), "refuses a period under 100 ms");
  }

  @Test
  void countsNotificationsFromTheNodeOpcuaServer() {
    assumeTrue(nodeOnPath(), "node is not on PATH (tools/test installs Node.js and npm)");
    // the first run on a checkout installs tools/node-opcua-server/node_modules with npm ci (about a minute)
    BenchRun run = BenchRun.of("bench", "subscriptions", "--tags", "50", "--period-ms", "500", "--seconds", "3",
        "--dir", dir.toString());

    assertEquals(0, run.exit(), run.out());
    assertTrue(run.out().contains("node-opcua: node-opcua-server@2.180.0 in its own process"), run.out());
    double offered = 50 * 2; // changes/s
    assertTrue(run.figure("notifications/s", 2) >= offered / 2, "node-opcua delivers its tags' changes:\n" + run.out());
    assertTrue(run.figure("notifications/s", 2) <= offered * 1.5, "no more than the changes:\n" + run.out());
    assertTrue(run.figure("ratio station / node-opcua") > 0, run.out());
    assertTrue(ProcessHandle.current().descendants().noneMatch(p -> p.info().command().orElse("").endsWith("node")),
        "the node-opcua server is gone after the bench");
  }

  private static boolean nodeOnPath() {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "node")));
  }
}
