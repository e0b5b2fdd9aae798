package io.twinua.tools.pairlab;

import io.twinua.tools.plcsim.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A network cable the test can pull: forwards TCP from a loopback port to a target. {@link #cut()}
 * drops every connection and refuses new ones (a link that is down); {@link #blackhole()} keeps the
 * connections but silently swallows all bytes (a switch port that died without telling anyone);
 * {@link #restore()} plugs the cable back in.
 */
public final class TcpProxy implements AutoCloseable {

  private enum Mode { FORWARD, BLACKHOLE, CUT }

  private final int port;
  private final InetSocketAddress target;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "tcp-proxy");
    t.setDaemon(true);
    return t;
  });
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile Mode mode = Mode.FORWARD;
  private volatile ServerSocket server;

  public TcpProxy(int targetPort) throws IOException {
    this.port = FreePorts.next();
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    listen();
  }

  public int port() {
    return port;
  }

  public String url() {
    return "opc.tcp://127.0.0.1:" + port;
  }

  private void listen() throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    server = s;
    threads.submit(() -> accept(s));
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        Socket upstream = new Socket();
        try {
          upstream.connect(target, 2_000);
        } catch (IOException e) {
          client.close();
          continue;
        }
        sockets.add(client);
        sockets.add(upstream);
        threads.submit(() -> pump(client, upstream));
        threads.submit(() -> pump(upstream, client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (mode == Mode.FORWARD) {
          out.write(buffer, 0, n);
          out.flush();
        }
      }
    } catch (SocketException e) {
      // closed by cut() or by the peer
    } catch (IOException e) {
      // same
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  public synchronized void cut() {
    mode = Mode.CUT;
    closeQuietly(server);
    sockets.forEach(TcpProxy::closeQuietly);
    sockets.clear();
  }

  public synchronized void blackhole() {
    mode = Mode.BLACKHOLE;
  }

  public synchronized void restore() throws IOException {
    Mode was = mode;
    mode = Mode.FORWARD;
    if (was == Mode.CUT) {
      listen();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (Exception ignored) {
      // closing a socket that is already gone
    }
  }

  @Override
  public void close() {
    cut();
    threads.shutdownNow();
  }
}
