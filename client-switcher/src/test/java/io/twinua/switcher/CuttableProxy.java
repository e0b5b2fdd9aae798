package io.twinua.switcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP forwarder on loopback whose path can be cut silently: while cut, bytes are swallowed and
 * no connection is closed, like a pulled cable between one client and its server (no FIN, no
 * RST). Connections made during a cut stay dead after {@link #heal}; new ones work again.
 */
final class CuttableProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int targetPort;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-proxy");
    t.setDaemon(true);
    return t;
  });
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile AtomicBoolean path = new AtomicBoolean(true);

  CuttableProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Every connection, open or new, goes silent. */
  void cut() {
    path.set(false);
  }

  /** New connections get through again. */
  void heal() {
    path = new AtomicBoolean(true);
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        sockets.add(client);
        AtomicBoolean open = path;
        if (!open.get()) {
          continue; // the SYN got through to nobody: hang
        }
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(server);
        threads.execute(() -> pump(client, server, open));
        threads.execute(() -> pump(server, client, open));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pump(Socket from, Socket to, AtomicBoolean open) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (open.get()) {
          out.write(buffer, 0, n);
          out.flush();
        }
      }
      if (open.get()) {
        to.shutdownOutput();
      }
    } catch (IOException e) {
      // one side closed: the other pump ends on its own
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      s.close();
    }
    threads.shutdownNow();
  }
}
