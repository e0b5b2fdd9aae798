package io.twinua.tools.hmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.tools.Twinua;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The HMI serves plain HTTP: a non-loopback address is refused before anything starts. */
class HmiCommandTest {

  @Test
  void bindingBeyondLoopbackIsRefusedWithTheReason() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Twinua()).setErr(new PrintWriter(err));
    int code = cli.execute("hmi", "--endpoint", "opc.tcp://127.0.0.1:1", "--bind", "0.0.0.0");
    assertEquals(2, code, err.toString());
    assertTrue(err.toString().contains("logins would cross the network in clear"), err.toString());
  }

  @Test
  void onlyLoopbackHostHeadersAreServed() {
    for (String host : List.of("127.0.0.1:8080", "localhost:8080", "localhost", "[::1]:8080", "127.0.0.2:80")) {
      assertTrue(HmiServer.loopbackHost(host), host);
    }
    for (String host : List.of("evil.example:8080", "127.0.0.1.evil.example", "10.0.0.1:8080", "")) {
      assertFalse(HmiServer.loopbackHost(host), host);
    }
    assertFalse(HmiServer.loopbackHost(null));
  }

  @Test
  void loopbackNamesAreAccepted() {
    HmiServer.requireLoopback("127.0.0.1");
    HmiServer.requireLoopback("::1");
    HmiServer.requireLoopback("localhost");
  }
}
