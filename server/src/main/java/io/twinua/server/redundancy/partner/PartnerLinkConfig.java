package io.twinua.server.redundancy.partner;

import io.twinua.server.redundancy.RedundancySettings;
import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

/**
 * Where the partner station is and how quickly its loss must be noticed.
 *
 * @param endpointUrl the partner's endpoint on the terminal bus, e.g. {@code
 *     opc.tcp://station-b:4840/twinua}; its host must be in the partner certificate's SANs
 * @param partnerApplicationUri the partner's application URI; the link refuses any other server
 * @param plantNamespaceUri namespace of the {@code @RM_Heartbeat} variable on the partner
 * @param timeout no new heartbeat for this long → DOWN: the station's {@code linkTimeoutMs}
 *     ({@code RedundancySettings}), no default of its own
 * @param requestTimeout bound of each OPC UA request and of the connect steps (default 2 s)
 * @param recreateClientAfter a client without a session for this long is replaced by a fresh one
 *     (Milo's own reconnect backs off up to 16 s; default 5 s)
 */
public record PartnerLinkConfig(
    String endpointUrl,
    String partnerApplicationUri,
    String plantNamespaceUri,
    Duration timeout,
    Duration requestTimeout,
    Duration recreateClientAfter) {

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_RECREATE_CLIENT_AFTER = Duration.ofSeconds(5);

  public PartnerLinkConfig {
    requireText(endpointUrl, "endpointUrl");
    requireText(partnerApplicationUri, "partnerApplicationUri");
    requireText(plantNamespaceUri, "plantNamespaceUri");
    if (!endpointUrl.startsWith("opc.tcp://")
        || EndpointUtil.getHost(endpointUrl) == null
        || EndpointUtil.getHost(endpointUrl).isEmpty()) {
      throw new IllegalArgumentException(
          "partner link: endpointUrl must look like opc.tcp://host:port/path, got '" + endpointUrl + "'");
    }
    requireBetween(timeout, "timeout", Duration.ofMillis(RedundancySettings.MIN_LINK_TIMEOUT_MS),
        Duration.ofMillis(RedundancySettings.MAX_LINK_TIMEOUT_MS));
    requireBetween(requestTimeout, "requestTimeout", Duration.ofMillis(100), Duration.ofMinutes(1));
    requireBetween(recreateClientAfter, "recreateClientAfter", Duration.ofSeconds(1), Duration.ofMinutes(10));
  }

  /** The three places and the station's link timeout; defaults for the rest. */
  public static PartnerLinkConfig of(String endpointUrl, String partnerApplicationUri, String plantNamespaceUri,
      Duration timeout) {
    return create(b -> b.endpointUrl(endpointUrl)
        .partnerApplicationUri(partnerApplicationUri)
        .plantNamespaceUri(plantNamespaceUri)
        .timeout(timeout));
  }

  public static PartnerLinkConfig create(Consumer<Builder> configure) {
    Builder builder = new Builder();
    configure.accept(builder);
    return builder.build();
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("partner link: " + name + " is missing");
    }
  }

  private static void requireBetween(Duration value, String name, Duration min, Duration max) {
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "partner link: " + name + " must be between " + min.toMillis() + " ms and " + max.toMillis()
              + " ms, got " + (value == null ? "nothing" : value.toMillis() + " ms"));
    }
  }

  /** Builder with the defaults above; the timeout must be given. */
  public static final class Builder {
    private String endpointUrl;
    private String partnerApplicationUri;
    private String plantNamespaceUri;
    private Duration timeout;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration recreateClientAfter = DEFAULT_RECREATE_CLIENT_AFTER;

    private Builder() {}

    public Builder endpointUrl(String endpointUrl) {
      this.endpointUrl = endpointUrl;
      return this;
    }

    public Builder partnerApplicationUri(String partnerApplicationUri) {
      this.partnerApplicationUri = partnerApplicationUri;
      return this;
    }

    public Builder plantNamespaceUri(String plantNamespaceUri) {
      this.plantNamespaceUri = plantNamespaceUri;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    public Builder recreateClientAfter(Duration recreateClientAfter) {
      this.recreateClientAfter = recreateClientAfter;
      return this;
    }

    public PartnerLinkConfig build() {
      return new PartnerLinkConfig(
          endpointUrl, partnerApplicationUri, plantNamespaceUri, timeout, requestTimeout, recreateClientAfter);
    }
  }
}
