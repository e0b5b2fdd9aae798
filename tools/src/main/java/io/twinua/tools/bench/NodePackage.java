package io.twinua.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Node.js program committed with its package.json and package-lock.json but without
 * node_modules: {@link #missing} installs them with {@code npm ci} the first time (and when the pinned
 * version changed), so a clean checkout needs only Node.js, npm and the npm registry once. A machine
 * without them is told why and how, nothing throws: the program is a baseline, not the product.
 */
final class NodePackage {

  private static final Duration NODE_VERSION = Duration.ofSeconds(30);
  private static final Duration NPM_CI = Duration.ofMinutes(5);

  private final Path dir;
  private final String dependency;
  private final String node;

  /**
   * @param dir the program's directory (package.json, package-lock.json, its scripts)
   * @param dependency the npm package whose installed version tells whether node_modules is current
   * @param node the Node.js executable: a name on PATH or a path; npm is taken from the same place
   */
  NodePackage(Path dir, String dependency, String node) {
    this.dir = dir;
    this.dependency = dependency;
    this.node = node;
  }

  /** {@code dependency@version} as package.json pins it; "?" for a version it does not say. */
  String pinned() {
    return dependency + "@" + pinnedVersion().orElse("?");
  }

  /**
   * Why the program cannot run here, after installing node_modules if needed (its output goes to
   * {@code npmLog}); empty when it can.
   */
  synchronized Optional<String> missing(Path npmLog) throws InterruptedException {
    String install = "npm ci --prefix " + dir;
    if (!Files.isRegularFile(dir.resolve("package-lock.json"))) {
      return Optional.of(dir + " has no package-lock.json (an incomplete installation)");
    }
    if (run(List.of(node, "--version"), npmLog, NODE_VERSION) == null) {
      return Optional.of(node + " not found: install Node.js (20 or newer) and npm (Debian: apt-get install nodejs npm)");
    }
    if (pinnedVersion().isPresent() && pinnedVersion().equals(installedVersion())) {
      return Optional.empty();
    }
    Integer exit = run(List.of(npm(), "ci", "--prefer-offline", "--no-audit", "--no-fund"), npmLog, NPM_CI);
    if (exit == null) {
      return Optional.of(npm() + " not found or did not finish within " + NPM_CI.toMinutes() + " min: install npm,"
          + " or run `" + install + "`");
    }
    if (exit != 0 || !pinnedVersion().equals(installedVersion())) {
      return Optional.of("npm ci failed (exit " + exit + ", output in " + npmLog + "): it needs the npm registry"
          + " once; or run `" + install + "`");
    }
    return Optional.empty();
  }

  /** Starts {@code node script args} in the program's directory, its stdout and stderr to {@code output}. */
  Process start(Path output, String script, Object... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(node, script));
    for (Object arg : args) {
      command.add(String.valueOf(arg));
    }
    return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
  }

  private String npm() {
    Path path = Path.of(node);
    return path.getParent() == null ? "npm" : path.resolveSibling("npm").toString();
  }

  private Optional<String> pinnedVersion() {
    return version(dir.resolve("package.json"), "dependencies", dependency);
  }

  private Optional<String> installedVersion() {
    return version(dir.resolve("node_modules").resolve(dependency).resolve("package.json"), "version");
  }

  private static Optional<String> version(Path packageJson, String... path) {
    try {
      JsonNode at = new ObjectMapper().readTree(packageJson.toFile());
      for (String field : path) {
        at = at.path(field);
      }
      return at.isTextual() ? Optional.of(at.asText()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // not there (not installed yet) or unreadable: the same for us
    }
  }

  /** The exit status of {@code command} run in the directory, output appended to {@code log}; null if it did not run or end. */
  private Integer run(List<String> command, Path log, Duration limit) throws InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      return null;
    }
    try {
      return p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? p.exitValue() : null;
    } finally {
      kill(p); // over time or interrupted: npm must not go on writing node_modules behind our back
    }
  }

  /** Ends {@code p} and whatever it started (no-op when all ended already). */
  static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }
}
