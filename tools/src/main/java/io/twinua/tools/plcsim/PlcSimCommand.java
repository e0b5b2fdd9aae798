package io.twinua.tools.plcsim;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code twinua plc-sim}: runs the PLC simulator until the process is terminated. */
@Command(
    name = "plc-sim",
    mixinStandardHelpOptions = true,
    description = {
      "PLC simulator: automation stations as OPC UA servers (SecurityPolicy None, anonymous).",
      "Writes every produced value to <dir>/<AS>.truth.csv; while <dir>/<AS>.down exists that"
          + " AS is offline. Runs until killed (SIGTERM/Ctrl-C stop the servers and flush the logs).",
      "AS1's setpoints (Intake.Pump1.SpeedSetpoint, Treatment.Dosing.RateSetpoint,"
          + " Treatment.Valve1.PositionSetpoint, Double) accept client writes: the written value is"
          + " the tag's value from then on and goes to the truth log; all other tags are read-only."
    })
public final class PlcSimCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--as",
      split = ",",
      paramLabel = "NAME:PORT",
      description = "Automation stations (default: AS1:4850,AS2:4851).")
  List<String> stations = new ArrayList<>();

  @Option(names = "--bind", paramLabel = "ADDRESS", description = "Bind address (default: ${DEFAULT-VALUE}).")
  String bind = "127.0.0.1";

  @Option(
      names = "--period-ms",
      paramLabel = "MS",
      description = "Update period in ms, 10..3600000 (default: ${DEFAULT-VALUE}).")
  int periodMs = 1000;

  @Option(
      names = "--generated",
      paramLabel = "N",
      description = "Extra Double tags Gen.00000.. per AS, alternating counter/sine (default: ${DEFAULT-VALUE}).")
  int generated = 0;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Directory for truth logs and .down files (default: ${DEFAULT-VALUE}).")
  Path dir = Path.of("run", "plcsim");

  /** The options as a validated config; a bad value is reported as a usage error. */
  PlcSimConfig toConfig() {
    try {
      var builder =
          PlcSimConfig.builder().bindAddress(bind).periodMs(periodMs).generated(generated).dir(dir);
      if (!stations.isEmpty()) {
        builder.stations(stations.stream().map(PlcSimConfig.StationSpec::parse).toList());
      }
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    PlcSimConfig config = toConfig();
    PlcSimulator simulator;
    try {
      simulator = PlcSimulator.start(config);
    } catch (IllegalStateException | UncheckedIOException e) {
      // start-up errors (port in use, unusable directory) need one clear line, not a trace
      spec.commandLine().getErr().println(e.getMessage());
      return 1;
    }
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    simulator.stop();
                  } finally {
                    stopped.countDown();
                  }
                },
                "plcsim-shutdown"));
    stopped.await(); // released only while the JVM shuts down
    return 0;
  }
}
