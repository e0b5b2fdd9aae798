package io.twinua.tools.launch;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinua demo}: the demo plant on this machine. Starts the PLC simulator and the station
 * as separate OS processes and runs until Ctrl-C, which stops everything it started.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the demo plant: PLC simulator (AS1 :4850, AS2 :4851) and the redundant pair, "
        + "station A (opc.tcp://127.0.0.1:4840) and station B (opc.tcp://127.0.0.1:4841), "
        + "their status pages at http://127.0.0.1:8840/ and http://127.0.0.1:8841/, "
        + "and the web HMI at " + DemoSetup.HMI_URL)
public final class DemoCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

  @Option(names = "--dir", description = "run directory (data, logs, generated users) (default: ${DEFAULT-VALUE})",
      defaultValue = "run/demo")
  Path dir;

  @Option(names = "--period-ms", description = "PLC simulator update period (default: ${DEFAULT-VALUE})",
      defaultValue = "1000")
  int periodMs;

  @Override
  public Integer call() throws Exception {
    Path home = Path.of(System.getProperty("twinua.home", "."));
    Path runDir = dir.isAbsolute() ? dir : home.resolve(dir);
    boolean socat = SerialCable.available();
    if (!socat) {
      LOG.warn("socat is not installed: the demo pair runs without its serial status link (apt-get install socat)");
    }
    DemoSetup setup = DemoSetup.prepare(home.resolve("nodeset").resolve("demo-plant"), runDir, socat);

    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean childFailed = new AtomicBoolean();
    AtomicBoolean shuttingDown = new AtomicBoolean();
    try (ChildProcesses children = new ChildProcesses()) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        shuttingDown.set(true);
        children.close();
        stopped.countDown();
      }, "demo-shutdown"));
      if (socat) {
        SerialCable.start(children, runDir.resolve("serial-a"), runDir.resolve("serial-b"));
      }
      children.start("PLC simulator", List.of("plc-sim",
          "--dir", runDir.resolve("plcsim").toString(), "--period-ms", Integer.toString(periodMs)));
      for (Path stationFile : setup.stationFiles()) {
        children.start("station " + stationFile.getFileName(), List.of("station", "--config", stationFile.toString()));
      }
      Process hmi = children.start("web HMI", setup.hmiArgs());
      LOG.info("demo running; project {}; logs and data under {}; Ctrl-C stops everything", setup.projectFile(), runDir);
      LOG.info("status pages (read-only, in a browser): station A http://127.0.0.1:8840/, station B http://127.0.0.1:8841/");
      LOG.info("web HMI (log in as operator to acknowledge and set setpoints): {}", DemoSetup.HMI_URL);
      LOG.info("demo logins are in {} (anonymous read-only access over SecurityPolicy None is enabled for the demo)",
          setup.credentialsFile());
      // A station that dies is what the pair is for: the other one stays Master. Say how to bring
      // it back; only the PLC simulator or the serial cable dying ends the demo.
      hmi.onExit().thenRun(() -> {
        if (!shuttingDown.get()) {
          LOG.error("web HMI process {} exited with code {}; the pair carries on. Restart it with: tools/twinua {}",
              hmi.pid(), hmi.exitValue(), String.join(" ", setup.hmiArgs()));
        }
      });
      List<Process> all = children.all();
      all = all.subList(0, all.size() - 1); // the HMI, last started, is handled above
      for (int i = 0; i < all.size(); i++) {
        Process p = all.get(i);
        Path stationFile = i >= all.size() - setup.stationFiles().size()
            ? setup.stationFiles().get(i - (all.size() - setup.stationFiles().size())) : null;
        p.onExit().thenRun(() -> {
          if (shuttingDown.get()) {
            return;
          }
          if (stationFile != null) {
            LOG.error("station process {} ({}) exited with code {}; its partner carries on. Restart it with: "
                + "tools/twinua station --config {}", p.pid(), stationFile.getFileName(), p.exitValue(), stationFile);
          } else if (stopped.getCount() > 0) {
            childFailed.set(true);
            LOG.error("pid {} exited with code {}; stopping the demo", p.pid(), p.exitValue());
            stopped.countDown();
          }
        });
      }
      stopped.await();
    }
    return childFailed.get() ? 1 : 0;
  }
}
