package io.twinua.tools.duplicate;

import io.twinua.server.config.ConfigException;
import io.twinua.server.config.StationConfig;
import io.twinua.server.config.StationLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code twinua duplicate}: the project of one station copied to its partner (see {@link ProjectDuplicator}). */
@Command(
    name = "duplicate",
    mixinStandardHelpOptions = true,
    description = {
      "Copy the whole project (project file, NodeSet, users, user archive definitions and contents)",
      "from one station to its partner. Each station file (name, ports, redundancy settings) and data",
      "directory (certificates, value and message archives, logs) stays as it is.",
      "Refuses to copy onto the station itself and while the target station runs;",
      "with --config-only it then copies the project files only (used from the target's next start)."
    })
public final class DuplicateCommand implements Callable<Integer> {

  /** Exit code of a refusal (bad input is picocli's 2). */
  static final int REFUSED = 3;

  @Spec CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "STATION_FILE", description = "the station whose project is copied")
  Path from;

  @Option(names = "--to", required = true, paramLabel = "STATION_FILE", description = "the partner station that receives it")
  Path to;

  @Option(names = "--config-only", description = "copy the project files only (allowed while the target runs); user archive contents stay")
  boolean configOnly;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      StationConfig source = StationLoader.load(from);
      StationConfig target = StationLoader.load(to);
      ProjectDuplicator.Report report = new ProjectDuplicator(source, target).run(configOnly, err);
      out.printf("duplicated project of %s to %s: %d file(s) copied%s%n", source.name(), target.name(),
          report.files().size(), report.targetRunning() ? " (configuration only: " + target.name()
              + " is running and uses it from its next start)" : "");
      report.userRecords().forEach((archive, n) -> out.printf("  user archive %s: %d record(s)%n", archive, n));
      return 0;
    } catch (ProjectDuplicator.Refused e) {
      err.println("twinua duplicate: " + e.getMessage());
      return REFUSED;
    } catch (ConfigException | IOException | RuntimeException e) {
      err.println("twinua duplicate: " + e.getMessage());
      return 1;
    }
  }
}
