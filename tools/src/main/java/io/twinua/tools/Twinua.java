package io.twinua.tools;

import io.twinua.tools.bench.BenchCommand;
import io.twinua.tools.chaos.ChaosCommand;
import io.twinua.tools.certs.CertsCommand;
import io.twinua.tools.certs.UsersCommand;
import io.twinua.tools.duplicate.DuplicateCommand;
import io.twinua.tools.diag.DiagCommand;
import io.twinua.tools.hmi.HmiCommand;
import io.twinua.tools.launch.DemoCommand;
import io.twinua.tools.launch.StationCommand;
import io.twinua.tools.launch.StationProcessCommand;
import io.twinua.tools.plcsim.PlcSimCommand;
import io.twinua.tools.rollout.RolloutCommand;
import io.twinua.tools.subscribe.SubscribeCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Entry point of {@code tools/twinua}: one program, one subcommand per tool. */
@Command(
    name = "twinua",
    mixinStandardHelpOptions = true,
    description = "TwinUA: redundant OPC UA server pair",
    subcommands = {
      DemoCommand.class,
      StationCommand.class,
      StationProcessCommand.class,
      PlcSimCommand.class,
      CertsCommand.class,
      UsersCommand.class,
      BenchCommand.class,
      ChaosCommand.class,
      SubscribeCommand.class,
      HmiCommand.class,
      DuplicateCommand.class,
      DiagCommand.class,
      RolloutCommand.class
    })
public final class Twinua implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Twinua()).execute(args));
  }
}
