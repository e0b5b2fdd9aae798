package io.twinua.server.security;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;

/**
 * The station's endpoints: SignAndEncrypt with Basic256Sha256, Aes128_Sha256_RsaOaep and
 * Aes256_Sha256_RsaPss; SecurityPolicy None only if the project allows it.
 *
 * <p>Token policies: anonymous only if allowed; username with the token encrypted by the server
 * certificate (on the None endpoint with Basic256Sha256, so a password never travels in clear);
 * certificate (for the partner station) on secure endpoints only. Each policy names its
 * SecurityPolicy explicitly: Milo 1.1.2 rejects encrypted username tokens whose policy has none.
 * Discovery (GetEndpoints) works over an unsecured channel even without a None endpoint.
 */
public final class StationEndpoints {

  public static final List<SecurityPolicy> SECURE_POLICIES =
      List.of(
          SecurityPolicy.Basic256Sha256,
          SecurityPolicy.Aes128_Sha256_RsaOaep,
          SecurityPolicy.Aes256_Sha256_RsaPss);

  /** Token encryption for username logins on the None endpoint. */
  static final SecurityPolicy NONE_ENDPOINT_TOKEN_POLICY = SecurityPolicy.Basic256Sha256;

  /**
   * @param bindAddress address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
   * @param hostname host name in endpoint URLs (must be in the certificate's SANs)
   * @param path endpoint path, e.g. {@code /twinua} (empty for none)
   * @param certificate the station certificate (a supplier, so a replaced certificate is used)
   */
  public record Settings(
      String bindAddress,
      String hostname,
      int port,
      String path,
      Supplier<X509Certificate> certificate,
      boolean allowSecurityPolicyNone,
      boolean allowAnonymous) {

    public Settings {
      Objects.requireNonNull(bindAddress, "bindAddress");
      Objects.requireNonNull(hostname, "hostname");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(certificate, "certificate");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1..65535, got " + port);
      }
      if (!path.isEmpty() && !path.startsWith("/")) {
        throw new IllegalArgumentException("path must be empty or start with '/', got '" + path + "'");
      }
    }
  }

  private StationEndpoints() {}

  public static Set<EndpointConfig> create(Settings settings) {
    Set<EndpointConfig> endpoints = new LinkedHashSet<>();
    EndpointConfig.Builder base =
        EndpointConfig.newBuilder()
            .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
            .setBindAddress(settings.bindAddress())
            .setBindPort(settings.port())
            .setHostname(settings.hostname())
            .setPath(settings.path())
            .setCertificate(settings.certificate());

    for (SecurityPolicy policy : SECURE_POLICIES) {
      endpoints.add(
          base.copy()
              .setSecurityPolicy(policy)
              .setSecurityMode(MessageSecurityMode.SignAndEncrypt)
              .addTokenPolicies(tokenPolicies(policy, settings.allowAnonymous(), true))
              .build());
    }
    if (settings.allowSecurityPolicyNone()) {
      endpoints.add(
          base.copy()
              .setSecurityPolicy(SecurityPolicy.None)
              .setSecurityMode(MessageSecurityMode.None)
              .addTokenPolicies(
                  tokenPolicies(NONE_ENDPOINT_TOKEN_POLICY, settings.allowAnonymous(), false))
              .build());
    }
    return endpoints;
  }

  private static UserTokenPolicy[] tokenPolicies(
      SecurityPolicy tokenSecurity, boolean anonymous, boolean certificate) {
    List<UserTokenPolicy> policies = new ArrayList<>();
    if (anonymous) {
      policies.add(new UserTokenPolicy("anonymous", UserTokenType.Anonymous, null, null, null));
    }
    policies.add(
        new UserTokenPolicy("username", UserTokenType.UserName, null, null, tokenSecurity.getUri()));
    if (certificate) {
      policies.add(
          new UserTokenPolicy(
              "certificate", UserTokenType.Certificate, null, null, tokenSecurity.getUri()));
    }
    return policies.toArray(UserTokenPolicy[]::new);
  }
}
