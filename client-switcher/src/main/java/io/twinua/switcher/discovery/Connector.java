package io.twinua.switcher.discovery;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransportConfigBuilder;

/**
 * Opens a session to one server URL without blocking: GetEndpoints, pick the endpoint by the
 * server's {@link ServerAccess}, connect, all bounded by the connect timeout. Milo's own
 * {@code OpcUaClient.create(url, ...)} blocks on GetEndpoints, which a switch path must not do.
 */
public final class Connector {

  /**
   * @param applicationUri the client's application URI (must match its certificate, if any)
   * @param connectTimeout bound of the whole GetEndpoints + connect + session activation
   * @param requestTimeout bound of each service call on the session
   * @param keepAliveInterval Milo's session keep-alive read period
   * @param sessionTimeout what the client asks the server to keep an abandoned session
   */
  public record Settings(
      String applicationUri,
      String applicationName,
      Duration connectTimeout,
      Duration requestTimeout,
      Duration keepAliveInterval,
      Duration sessionTimeout) {

    public Settings {
      Objects.requireNonNull(applicationUri, "applicationUri");
      Objects.requireNonNull(applicationName, "applicationName");
      for (Duration d : List.of(connectTimeout, requestTimeout, keepAliveInterval, sessionTimeout)) {
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("timeouts must be positive: " + d);
        }
      }
    }

    public static Settings defaults() {
      return new Settings(
          "urn:twinua:client-switcher", "TwinUA client switcher",
          Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(30));
    }
  }

  private final Settings settings;
  private final Function<String, ServerAccess> accessByServerUri;
  private final ServerTrust trust;

  public Connector(Settings settings, Function<String, ServerAccess> accessByServerUri, ServerTrust trust) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.accessByServerUri = Objects.requireNonNull(accessByServerUri, "accessByServerUri");
    this.trust = Objects.requireNonNull(trust, "trust");
  }

  public Settings settings() {
    return settings;
  }

  /**
   * The server's endpoints, with the host and port the caller used: servers often advertise
   * another name, and a port forward or proxy in between must stay in the path.
   */
  public CompletableFuture<List<EndpointDescription>> endpoints(String url) {
    String host = EndpointUtil.getHost(url);
    int port = EndpointUtil.getPort(url);
    return DiscoveryClient.getEndpoints(url, this::configureTransport)
        .thenApply(list -> list.stream().map(e -> EndpointUtil.updateUrl(e, host, port)).toList())
        .orTimeout(settings.connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * A connected client of the server at {@code url}. On failure or timeout the half-built
   * client is disconnected in the background and the future fails.
   */
  public CompletableFuture<OpcUaClient> connect(String url) {
    return endpoints(url).thenCompose(this::connect);
  }

  private CompletableFuture<OpcUaClient> connect(List<EndpointDescription> endpoints) {
    if (endpoints.isEmpty()) {
      return CompletableFuture.failedFuture(new UaException(StatusCodes.Bad_ConfigurationError, "server offers no endpoint"));
    }
    String serverUri = endpoints.get(0).getServer().getApplicationUri();
    ServerAccess access = accessByServerUri.apply(serverUri);
    EndpointDescription endpoint = access.select(endpoints).orElse(null);
    if (endpoint == null) {
      return CompletableFuture.failedFuture(new UaException(StatusCodes.Bad_SecurityPolicyRejected,
          serverUri + " offers no endpoint for policies " + access.policies()
              + (access.user().isPresent() ? " with user login" : " with anonymous login")));
    }
    OpcUaClient client;
    try {
      client = OpcUaClient.create(config(endpoint, endpoints, access), this::configureTransport);
    } catch (UaException e) {
      return CompletableFuture.failedFuture(e);
    }
    return client.connectAsync()
        .orTimeout(settings.connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((c, ex) -> {
          if (ex != null) {
            client.disconnectAsync();
          }
        });
  }

  private OpcUaClientConfig config(EndpointDescription endpoint, List<EndpointDescription> all, ServerAccess access) {
    var b = OpcUaClientConfig.builder()
        .setEndpoint(endpoint)
        .setDiscoveryEndpoints(all)
        .setApplicationUri(settings.applicationUri)
        .setApplicationName(LocalizedText.english(settings.applicationName))
        .setIdentityProvider(access.identity())
        .setCertificateValidator(trust.validator())
        .setRequestTimeout(uint(settings.requestTimeout.toMillis()))
        .setSessionTimeout(uint(settings.sessionTimeout.toMillis()))
        .setKeepAliveInterval(uint(settings.keepAliveInterval.toMillis()))
        .setKeepAliveTimeout(uint(settings.requestTimeout.toMillis()));
    access.certificate().ifPresent(c -> b.setKeyPair(c.keyPair()).setCertificate(c.certificate()).setCertificateChain(c.chain()));
    return b.build();
  }

  private void configureTransport(OpcTcpClientTransportConfigBuilder b) {
    b.setConnectTimeout(uint(settings.connectTimeout.toMillis()));
  }

  /** The innermost cause of a failure, in one line for a log or a switch reason. */
  public static String describe(Throwable ex) {
    Throwable t = ex;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
