package io.twinua.tools.hmi;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.twinua.switcher.RedundantClient;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web HMI: one page (static files under {@code /hmi} on the class path, uPlot from its
 * WebJar), its live feed by Server-Sent Events, and the operator's actions, which go through the
 * user's own session so the station decides the rights.
 */
public final class HmiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HmiServer.class);
  static final String COOKIE = "twinua-hmi";
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final HmiSettings settings;
  private final ExecutorService work;
  private final ScheduledExecutorService ticks;
  private final Push push;
  private final LiveFeed feed;
  private final OperatorSessions sessions;
  private Javalin web;
  private CompletableFuture<String> feedStarted;

  private HmiServer(HmiSettings settings) {
    this.settings = settings;
    int n = INSTANCES.incrementAndGet();
    this.work = Executors.newCachedThreadPool(daemon("twinua-hmi-" + n + "-work"));
    this.ticks = Executors.newSingleThreadScheduledExecutor(daemon("twinua-hmi-" + n + "-ticks"));
    this.push = new Push(io.javalin.json.JavalinJackson.Companion.defaultMapper());
    this.feed = new LiveFeed(RedundantClient.create(settings.feedConfig()), push, work, ticks);
    this.sessions = new OperatorSessions(settings::userConfig, Duration.ofSeconds(20), settings.sessionIdle(), work,
        ticks, Clock.systemUTC());
  }

  /**
   * Opens the web server and starts the shared feed (see {@link #feedStarted}).
   *
   * @throws IllegalArgumentException if {@code bind} is not a loopback address: without TLS the
   *     logins would cross the network in clear
   */
  public static HmiServer start(HmiSettings settings, Duration connectTimeout) {
    requireLoopback(settings.bind());
    HmiServer hmi = new HmiServer(settings);
    try {
      hmi.open(connectTimeout);
      return hmi;
    } catch (RuntimeException e) {
      hmi.close();
      throw e;
    }
  }

  static void requireLoopback(String bind) {
    try {
      if (!InetAddress.getByName(bind).isLoopbackAddress()) {
        throw new IllegalArgumentException("--bind " + bind + " refused: the HMI serves plain HTTP, so logins would cross"
            + " the network in clear; bind to 127.0.0.1 and put a TLS reverse proxy in front for remote operators");
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--bind " + bind + ": unknown address", e);
    }
  }

  /** The Host header names this machine's loopback (as a name or address), with any port. */
  static boolean loopbackHost(String hostHeader) {
    if (hostHeader == null) {
      return false;
    }
    String host = hostHeader.startsWith("[") ? hostHeader.substring(1, Math.max(1, hostHeader.indexOf(']')))
        : hostHeader.replaceFirst(":\\d+$", "");
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private void open(Duration connectTimeout) {
    web = Javalin.create(c -> {
      c.showJavalinBanner = false;
      c.staticFiles.add("/hmi", Location.CLASSPATH);
      c.staticFiles.enableWebjars();
    });
    // DNS rebinding: a web site whose name points at 127.0.0.1 must not reach the HMI
    web.before(ctx -> {
      if (!loopbackHost(ctx.host())) {
        throw new io.javalin.http.ForbiddenResponse("not a loopback host name: " + ctx.host());
      }
    });
    web.sse("/api/live", page -> push.open(page, feed::greet));
    web.get("/api/tree", ctx -> ctx.json(feed.tree()));
    web.get("/api/session", ctx -> ctx.json(sessionInfo(session(ctx).map(OperatorSessions.Session::user))));
    web.get("/api/trend", this::trend);
    web.post("/api/login", this::login);
    web.post("/api/logout", ctx -> {
      sessions.logout(ctx.cookie(COOKIE));
      ctx.header("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
      ctx.json(sessionInfo(Optional.empty()));
    });
    web.post("/api/ack", this::acknowledge);
    web.post("/api/write", this::write);
    web.post("/api/switch", this::switchServer);
    web.start(settings.bind(), settings.port());
    ticks.scheduleWithFixedDelay(sessions::expire, 1, 1, TimeUnit.MINUTES);
    feedStarted = feed.start(connectTimeout).whenComplete((server, ex) -> {
      if (ex != null) {
        LOG.error("web HMI: no plant data: {}", ex.getMessage());
      } else {
        LOG.info("web HMI on {} ({} variables)", server, feed.tree().variables().size());
        push.send("tree", feed.tree());
      }
    });
    LOG.info("web HMI at {} for {} (prefer {}); logins {}", url(), settings.urls(), settings.preference(),
        settings.loginCertificate().isPresent() ? "over SignAndEncrypt" : "off (no client certificate)");
  }

  /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
  public String url() {
    return "http://" + settings.bind() + ":" + web.port() + "/";
  }

  /** Completes with the server first used once the plant is browsed and subscribed. */
  public CompletableFuture<String> feedStarted() {
    return feedStarted;
  }

  private Map<String, Object> sessionInfo(Optional<String> user) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user", user.orElse(null));
    m.put("loginsPossible", settings.loginCertificate().isPresent());
    return m;
  }

  private Optional<OperatorSessions.Session> session(Context ctx) {
    return sessions.find(ctx.cookie(COOKIE));
  }

  private void login(Context ctx) {
    String user = ctx.formParam("user");
    String password = ctx.formParam("password");
    if (settings.loginCertificate().isEmpty()) {
      refuse(ctx, HttpStatus.FORBIDDEN, "logins are off: the HMI has no client certificate (--client-p12)");
      return;
    }
    if (user == null || user.isBlank() || password == null || password.isEmpty()) {
      refuse(ctx, HttpStatus.BAD_REQUEST, "user and password needed");
      return;
    }
    ctx.future(() -> sessions.login(user.trim(), password).handle((token, ex) -> {
      if (ex != null) {
        refuse(ctx, HttpStatus.UNAUTHORIZED, cause(ex).getMessage());
      } else {
        ctx.header("Set-Cookie", COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
        ctx.json(sessionInfo(Optional.of(user.trim())));
      }
      return null;
    }));
  }

  /** Acknowledge (Part 9 §5.7.3) through the user's own session, on the server whose EventId the page shows. */
  private void acknowledge(Context ctx) {
    Optional<OperatorSessions.Session> s = loggedIn(ctx);
    if (s.isEmpty()) {
      return;
    }
    AlarmBoard.Alarm alarm = feed.alarms().find(String.valueOf(ctx.formParam("condition")));
    if (alarm == null) {
      refuse(ctx, HttpStatus.NOT_FOUND, "no such active alarm");
      return;
    }
    RedundantClient client = s.get().client();
    var request = new CallMethodRequest(NodeId.parse(alarm.condition()), NodeIds.AcknowledgeableConditionType_Acknowledge,
        new Variant[] {new Variant(ByteString.of(HexFormat.of().parseHex(alarm.eventId()))),
            new Variant(LocalizedText.english("acknowledged by " + s.get().user() + " at the web HMI"))});
    // EventIds are a server's own: acknowledge on the server that sent this one
    CompletableFuture<Object> onThatServer = alarm.server().equals(client.currentServer().orElse(""))
        ? CompletableFuture.completedFuture(null) : client.switchTo(alarm.server()).thenApply(e -> null);
    ctx.future(() -> onThatServer.thenCompose(x -> client.call(request))
        .handle((r, ex) -> result(ctx, ex != null ? null : r.getStatusCode(), ex)));
  }

  private void write(Context ctx) {
    Optional<OperatorSessions.Session> s = loggedIn(ctx);
    if (s.isEmpty()) {
      return;
    }
    String node = String.valueOf(ctx.formParam("node"));
    Optional<PlantTree.Variable> variable = feed.tree().variables().stream().filter(v -> v.node().equals(node)).findFirst();
    if (variable.isEmpty() || !variable.get().writable()) {
      refuse(ctx, HttpStatus.BAD_REQUEST, node + " is not a writable variable of the plant");
      return;
    }
    Variant value;
    try {
      value = SetpointText.parse(String.valueOf(ctx.formParam("value")), variable.get().dataType());
    } catch (IllegalArgumentException e) {
      refuse(ctx, HttpStatus.BAD_REQUEST, e.getMessage());
      return;
    }
    LOG.info("{} writes {} := {}", s.get().user(), node, value.getValue());
    ctx.future(() -> s.get().client().write(node, DataValue.valueOnly(value)).handle((status, ex) -> result(ctx, status, ex)));
  }

  /** Manual switch of the shared feed (empty server: back to the configured preference). */
  private void switchServer(Context ctx) {
    if (loggedIn(ctx).isEmpty()) {
      return;
    }
    String server = ctx.formParam("server");
    if (server == null || server.isBlank()) {
      feed.client().resumePreference();
      ctx.json(Map.of("status", "Good", "text", "back to the preference " + settings.preference()));
      return;
    }
    ctx.future(() -> feed.client().switchTo(server).handle((e, ex) -> result(ctx, ex == null ? StatusCode.GOOD : null, ex)));
  }

  private void trend(Context ctx) {
    String node = ctx.queryParam("node");
    if (node == null || feed.tree().variables().stream().noneMatch(v -> v.node().equals(node))) {
      refuse(ctx, HttpStatus.BAD_REQUEST, "no such variable");
      return;
    }
    Instant from = Instant.now().minus(Duration.ofHours(1));
    ctx.future(() -> feed.history(node, from).handle((points, ex) -> {
      if (ex != null) {
        refuse(ctx, HttpStatus.SERVICE_UNAVAILABLE, cause(ex).getMessage());
      } else {
        ctx.json(Map.of("node", node, "points", points));
      }
      return null;
    }));
  }

  private Optional<OperatorSessions.Session> loggedIn(Context ctx) {
    Optional<OperatorSessions.Session> s = session(ctx);
    if (s.isEmpty()) {
      refuse(ctx, HttpStatus.UNAUTHORIZED, "log in first");
    }
    return s;
  }

  /** The station's answer: its status code by name, Good or not (a refusal is an answer, not an HTTP error). */
  private static Object result(Context ctx, StatusCode status, Throwable ex) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (ex != null) {
      Throwable c = cause(ex);
      m.put("status", UaException.extractStatusCode(c).map(ValueText::status).orElse("Bad_UnexpectedError"));
      m.put("text", c.getMessage());
    } else {
      m.put("status", ValueText.status(status));
      m.put("text", "");
    }
    ctx.json(m);
    return null;
  }

  private static void refuse(Context ctx, HttpStatus code, String message) {
    ctx.status(code).json(Map.of("status", "refused", "text", message == null ? "" : message));
  }

  private static Throwable cause(Throwable ex) {
    return ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
  }

  @Override
  public void close() {
    if (web != null) {
      web.stop();
    }
    try {
      feed.close();
    } catch (Exception e) {
      LOG.warn("closing the feed: {}", e.toString());
    }
    feed.client().close();
    sessions.close();
    push.close();
    ticks.shutdownNow();
    work.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
