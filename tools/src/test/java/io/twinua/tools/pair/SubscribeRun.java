package io.twinua.tools.pair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinua.server.testing.Await;
import io.twinua.tools.Twinua;
import io.twinua.tools.subscribe.SubscribeCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;

/**
 * One {@code twinua subscribe --json} run inside the test JVM, as {@code tools/twinua} parses it:
 * its stdout lines parsed as they are flushed, its exit code and stderr.
 */
final class SubscribeRun {

  private static final ObjectMapper JSON = new ObjectMapper();

  final String name;
  private final SubscribeCommand command = new SubscribeCommand();
  private final List<JsonNode> lines = new ArrayList<>();
  private final List<String> notJson = new ArrayList<>();
  private final StringWriter err = new StringWriter();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  private SubscribeRun(String name) {
    this.name = name;
  }

  /** Starts {@code twinua subscribe <args>} on a thread of its own. */
  static SubscribeRun start(String name, List<String> args) {
    SubscribeRun run = new SubscribeRun(name);
    // the command object the test can stop, registered in place of picocli's own instance
    CommandLine cli = new CommandLine(new Twinua(), new CommandLine.IFactory() {
      private final CommandLine.IFactory standard = CommandLine.defaultFactory();

      @Override
      public <K> K create(Class<K> cls) throws Exception {
        return cls == SubscribeCommand.class ? cls.cast(run.command) : standard.create(cls);
      }
    });
    cli.setOut(new PrintWriter(run.new Lines(), false));
    cli.setErr(new PrintWriter(run.err, true));
    var args0 = new ArrayList<String>();
    args0.add("subscribe");
    args0.addAll(args);
    Thread t = new Thread(() -> run.exit.complete(cli.execute(args0.toArray(String[]::new))), "subscribe-" + name);
    t.setDaemon(true);
    t.start();
    return run;
  }

  /** Ends the run as Ctrl-C would and returns its exit code. */
  int stop() throws Exception {
    command.requestStop();
    return exit.get(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  CompletableFuture<Integer> exit() {
    return exit;
  }

  /** Stdout lines that were not one JSON object each (must stay empty). */
  synchronized List<String> notJson() {
    return List.copyOf(notJson);
  }

  String stderr() {
    return err.toString();
  }

  synchronized List<JsonNode> lines() {
    return List.copyOf(lines);
  }

  List<JsonNode> switches() {
    return lines().stream().filter(l -> "switch".equals(l.get("kind").asText())).toList();
  }

  List<JsonNode> values() {
    return lines().stream().filter(l -> "value".equals(l.get("kind").asText())).toList();
  }

  /** The server of the last switch line, or null before the first. */
  String server() {
    List<JsonNode> s = switches();
    return s.isEmpty() ? null : s.get(s.size() - 1).get("to").asText();
  }

  /** Waits until the run is on {@code serverUri} and a live value arrived from it after the switch. */
  void awaitOn(String serverUri, Duration wait) throws InterruptedException {
    Await.until(wait, name + " on " + serverUri + " with live values", () -> {
      List<JsonNode> all = lines();
      int lastSwitch = -1;
      for (int i = 0; i < all.size(); i++) {
        if ("switch".equals(all.get(i).get("kind").asText())) {
          lastSwitch = i;
        }
      }
      if (lastSwitch < 0 || !serverUri.equals(all.get(lastSwitch).get("to").asText())) {
        return false;
      }
      return all.subList(lastSwitch, all.size()).stream()
          .anyMatch(l -> "value".equals(l.get("kind").asText()) && !l.get("backfill").asBoolean()
              && serverUri.equals(l.get("server").asText()));
    });
  }

  @Override
  public String toString() {
    List<JsonNode> s = switches();
    return name + ": " + values().size() + " values, switches " + s + ", stderr " + stderr();
  }

  /** Collects the flushed stdout into parsed lines. */
  private final class Lines extends Writer {
    private final StringBuilder pending = new StringBuilder();

    @Override
    public void write(char[] buf, int off, int len) {
      synchronized (SubscribeRun.this) {
        pending.append(buf, off, len);
        int nl;
        while ((nl = pending.indexOf("\n")) >= 0) {
          String line = pending.substring(0, nl).strip();
          pending.delete(0, nl + 1);
          if (!line.isEmpty()) {
            try {
              lines.add(JSON.readTree(line));
            } catch (IOException e) {
              notJson.add(line);
            }
          }
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
