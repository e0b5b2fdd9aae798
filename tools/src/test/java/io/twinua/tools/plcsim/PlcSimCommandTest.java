package io.twinua.tools.plcsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class PlcSimCommandTest {

  private static PlcSimConfig parse(String... args) {
    var command = new PlcSimCommand();
    new CommandLine(command).parseArgs(args);
    return command.toConfig();
  }

  @Test
  void defaultsAreTwoStationsOnLoopback() {
    PlcSimConfig config = parse();
    assertEquals(
        List.of(
            new PlcSimConfig.StationSpec("AS1", 4850), new PlcSimConfig.StationSpec("AS2", 4851)),
        config.stations());
    assertEquals("127.0.0.1", config.bindAddress());
    assertEquals(1000, config.periodMs());
    assertEquals(0, config.generated());
    assertEquals(Path.of("run", "plcsim"), config.dir());
  }

  @Test
  void optionsBecomeTheConfig() {
    PlcSimConfig config =
        parse("--as", "AS1:5000,AS3:5001", "--bind", "0.0.0.0", "--period-ms", "10",
            "--generated", "5", "--dir", "/tmp/x");
    assertEquals(
        PlcSimConfig.create(
            b -> b.station("AS1", 5000).station("AS3", 5001).bindAddress("0.0.0.0").periodMs(10)
                .generated(5).dir(Path.of("/tmp/x"))),
        config);
  }

  @Test
  void badValuesAreUsageErrorsThatSayWhatIsWrong() {
    assertMessage("plc-sim: period 5 ms is outside 10..3600000", "--period-ms", "5");
    assertMessage("AS 'AS1-4850': expected NAME:PORT, e.g. AS1:4850", "--as", "AS1-4850");
    assertMessage("AS AS1: port 70000 is outside 1..65535", "--as", "AS1:70000");
    assertMessage("plc-sim: port 4850 is used by two AS (AS2)", "--as", "AS1:4850,AS2:4850");
    assertMessage(
        "plc-sim: AS PLC7 has no tags: only AS1 and AS2 have plant signals, give generated tags",
        "--as", "PLC7:4852");
    assertMessage("plc-sim: generated tags 100001 is outside 0..100000", "--generated", "100001");
  }

  private static void assertMessage(String expected, String... args) {
    ParameterException e = assertThrows(ParameterException.class, () -> parse(args));
    assertEquals(expected, e.getMessage());
  }

  @Test
  void helpDescribesTheControlFiles() {
    String usage = new CommandLine(new PlcSimCommand()).getUsageMessage();
    assertTrue(usage.contains("<AS>.down"), usage);
    assertTrue(usage.contains("--period-ms"), usage);
  }
}
