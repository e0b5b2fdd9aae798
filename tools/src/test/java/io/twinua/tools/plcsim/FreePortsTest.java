package io.twinua.tools.plcsim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  /**
   * A port from the kernel's ephemeral range could become an outgoing connection's local port
   * before the station binds it; ports below the range cannot.
   */
  @Test
  void portsLieBelowTheEphemeralRangeAreNeverHandedOutTwiceAndCanBeBound() throws Exception {
    int ephemeral = FreePorts.ephemeralStart();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      int port = FreePorts.next();
      assertTrue(port >= FreePorts.LOW && port < ephemeral, port + " is not in " + FreePorts.LOW + ".." + (ephemeral - 1));
      assertTrue(seen.add(port), "handed out twice: " + port);
      try (ServerSocket taken = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
        assertTrue(taken.isBound());
      }
    }
  }
}
