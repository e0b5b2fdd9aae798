package io.twinua.server.redundancy.statuslink;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.HeartbeatCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Status link over a serial line (null-modem cable), 8N1 without flow control, using jSerialComm.
 * A reader thread opens the port, cuts frames out of the byte stream ({@link FrameScanner}) and,
 * when the port vanishes (cable/adapter pulled, pty peer gone), closes it and reopens it with a
 * back-off from 100 ms doubling up to {@code maxReopenDelayMs}. Writes run on their own thread
 * because a write to a line nobody drains blocks (seen on ptys); only the newest heartbeat waits.
 *
 * <p>jSerialComm notes (2.11, checked on Linux with socat ptys): a full path or a symlink works with
 * {@link SerialPort#getCommPort}, which resolves the symlink at that moment, so the port object is
 * made anew for every open (socat links to a new {@code /dev/pts/N} after a restart). For a path
 * that does not exist, getCommPort silently falls back to {@code /dev/<basename>}, so the path is
 * checked first. The port is opened exclusively; a read returns -1 once the device is gone.
 */
public final class SerialStatusLink extends StatusLink {

  private static final Logger log = LoggerFactory.getLogger(SerialStatusLink.class);
  private static final long MIN_REOPEN_DELAY_MS = 100;
  /** Short enough for close() to be prompt; data returns as soon as it arrives anyway. */
  private static final int READ_TIMEOUT_MS = 100;

  private final StatusLinkConfig.Serial config;
  private final FrameScanner scanner = new FrameScanner();
  private final AtomicReference<byte[]> pending = new AtomicReference<>();

  private volatile SerialPort port;
  private volatile Thread reader;
  private volatile ExecutorService writer;

  /** @param partnerStation the partner's station name; frames of other stations are rejected */
  public SerialStatusLink(StatusLinkConfig.Serial config, String partnerStation, StatusLinkListener listener,
      Clock clock) {
    super("serial " + config.port() + "@" + config.baud(), partnerStation, config.timeoutMs(),
        "twinua-statuslink-serial-" + Path.of(config.port()).getFileName(), listener, clock);
    this.config = Objects.requireNonNull(config, "config");
  }

  public StatusLinkConfig.Serial config() {
    return config;
  }

  /** True while the port is open (not the same as UP: the partner may still be silent). */
  public boolean portOpen() {
    return port != null;
  }

  /** Nothing to acquire up front: a missing or busy port is retried by the reader. */
  @Override
  void openLine() {}

  @Override
  void startThreads(String threadPrefix) {
    writer = Executors.newSingleThreadExecutor(new LinkThreads(threadPrefix + "-tx"));
    Thread t = new LinkThreads(threadPrefix + "-rx").newThread(this::readLoop);
    reader = t;
    t.start();
  }

  @Override
  void sendLine(Heartbeat heartbeat) {
    byte[] frame = HeartbeatCodec.encode(heartbeat);
    if (pending.getAndSet(frame) != null) {
      // the writer has not taken the previous one: it is stuck on the line; the newer one replaces it
      monitor.sendFailed("serial line stalled, a heartbeat was replaced by a newer one before it could be written");
      return;
    }
    try {
      writer.execute(this::writePending);
    } catch (RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  @Override
  void closeLine() {
    Thread t = reader;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(READ_TIMEOUT_MS * 10L); // the reader closes the port when it leaves
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    SerialPort p = port;
    if (p != null) {
      p.closePort(); // reader did not get to it; also unblocks a stuck write
    }
    ExecutorService w = writer;
    if (w != null) {
      w.shutdownNow();
    }
  }

  private void writePending() {
    byte[] frame = pending.getAndSet(null);
    if (frame == null) {
      return; // taken by an earlier run
    }
    SerialPort p = port;
    if (p == null) {
      monitor.sendFailed("port " + config.port() + " is not open");
      return;
    }
    int n = p.writeBytes(frame, frame.length);
    if (n == frame.length) {
      monitor.sent();
    } else if (!closed()) {
      monitor.sendFailed("write to " + config.port() + " returned " + n + " of " + frame.length + " bytes");
    }
  }

  private void readLoop() {
    long delayMs = MIN_REOPEN_DELAY_MS;
    boolean loggedOpenFailure = false;
    while (!closed() && !Thread.currentThread().isInterrupted()) {
      String problem = tryOpen();
      if (problem != null) {
        monitor.lineProblem(problem);
        if (!loggedOpenFailure) {
          log.warn("{}: {}; retrying up to every {} ms", name(), problem, config.maxReopenDelayMs());
          loggedOpenFailure = true;
        }
        pause(delayMs);
        delayMs = Math.min(delayMs * 2, config.maxReopenDelayMs());
        continue;
      }
      log.info("{}: port open ({})", name(), port.getSystemPortPath());
      loggedOpenFailure = false;
      delayMs = MIN_REOPEN_DELAY_MS;
      String lost = readUntilLost(port);
      SerialPort p = port;
      port = null;
      p.closePort();
      if (lost != null && !closed()) {
        monitor.lineProblem(lost);
        log.warn("{}: {}; reopening", name(), lost);
      }
    }
  }

  /** Opens the port into {@link #port}; returns why not, or null. */
  private String tryOpen() {
    String portName = config.port();
    if (portName.indexOf('/') >= 0 && !Files.exists(Path.of(portName))) {
      return "port " + portName + " does not exist";
    }
    SerialPort p;
    try {
      p = SerialPort.getCommPort(portName); // per attempt: resolves a symlink to today's device
    } catch (SerialPortInvalidPortException e) {
      return "port " + portName + " is not a serial port: " + e.getMessage();
    }
    p.setComPortParameters(config.baud(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
    p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
    p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, READ_TIMEOUT_MS, 0);
    if (!p.openPort()) {
      return "cannot open port " + portName + " (" + p.getSystemPortPath() + "): error " + p.getLastErrorCode()
          + " at " + p.getLastErrorLocation() + " (missing, busy or no permission)";
    }
    // What the partner wrote while nobody was listening is old news: a restarted station must not
    // decide its role on the partner's role from before its own restart (seen with a pty's buffer).
    p.flushIOBuffers();
    scanner.reset();
    port = p;
    return null;
  }

  /** Reads until the port fails (returns why) or the link closes (returns null). */
  private String readUntilLost(SerialPort p) {
    byte[] chunk = new byte[512];
    FrameScanner.Sink sink = new FrameScanner.Sink() {
      @Override
      public void frame(Heartbeat heartbeat) {
        monitor.frame(heartbeat, monitor.now());
      }

      @Override
      public void garbage(String what) {
        monitor.rejected("garbage", what + " on " + config.port());
      }
    };
    while (!closed()) {
      int n = p.readBytes(chunk, chunk.length);
      if (n < 0) {
        return closed() ? null : "port " + config.port() + " lost (read failed, error " + p.getLastErrorCode() + ")";
      }
      if (n > 0) {
        scanner.accept(chunk, 0, n, sink);
      }
    }
    return null;
  }
}
