package io.twinua.switcher;

import io.twinua.switcher.discovery.ServerTrust;
import java.time.Duration;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;

/** Two {@link RedundantTestServer}s of one set, fed the same process samples. */
public final class TestServers implements AutoCloseable {

  public static final String A = "urn:twinua:test:server-a";
  public static final String B = "urn:twinua:test:server-b";

  private final RedundantTestServer a;
  private final RedundantTestServer b;

  private TestServers(RedundantTestServer a, RedundantTestServer b) {
    this.a = a;
    this.b = b;
  }

  public static TestServers startPair() throws Exception {
    RedundantTestServer a = RedundantTestServer.start(A, List.of(A, B));
    try {
      return new TestServers(a, RedundantTestServer.start(B, List.of(A, B)));
    } catch (Exception e) {
      a.close();
      throw e;
    }
  }

  public RedundantTestServer a() {
    return a;
  }

  public RedundantTestServer b() {
    return b;
  }

  public RedundantTestServer byUri(String uri) {
    return a.uri.equals(uri) ? a : b;
  }

  /** A switcher of this pair (both URLs). */
  public SwitcherConfig config(Preference preference, FailoverMode mode, ServerTrust trust, Duration holdOff) {
    return SwitcherConfig.create(c -> c.url(a.url).url(b.url).preference(preference).mode(mode).trust(trust).holdOff(holdOff));
  }

  /** One sample of the process, archived by every running server (each has its own connection to the PLC). */
  public void record(long value, DateTime sourceTime) {
    a.record(value, sourceTime);
    b.record(value, sourceTime);
  }

  @Override
  public void close() throws Exception {
    try {
      a.close();
    } finally {
      b.close();
    }
  }
}
