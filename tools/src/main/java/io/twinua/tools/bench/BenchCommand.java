package io.twinua.tools.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code twinua bench}: one subcommand per benchmark. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks (not tests): measure and print figures",
    subcommands = {BenchAllCommand.class, ArchiveBenchCommand.class, StationBenchCommand.class, HistoryBenchCommand.class,
        FailoverBenchCommand.class, SyncBenchCommand.class, ClientFailoverBenchCommand.class, SubscriptionBenchCommand.class,
        ChurnBenchCommand.class, IngestBenchCommand.class})
public final class BenchCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
