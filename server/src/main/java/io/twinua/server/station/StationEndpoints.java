package io.twinua.server.station;

import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;

/**
 * The endpoints a station offers. Secure by default: SignAndEncrypt only, with username and
 * certificate logins (and anonymous only when the project allows it, as a viewer). A
 * SecurityPolicy None endpoint exists only when the project enables it, and it accepts anonymous
 * viewers only, so no password ever crosses an unencrypted channel. Discovery works without a
 * None endpoint: Milo accepts unsecured channels for GetEndpoints/FindServers on any endpoint.
 */
final class StationEndpoints {

  static final List<SecurityPolicy> SECURE_POLICIES =
      List.of(SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes128_Sha256_RsaOaep, SecurityPolicy.Aes256_Sha256_RsaPss);

  private static final UserTokenPolicy ANONYMOUS = OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS;

  private StationEndpoints() {}

  static Set<EndpointConfig> of(
      String bindAddress, String hostname, int port, X509Certificate certificate,
      boolean allowAnonymous, boolean allowSecurityPolicyNone) {
    Set<EndpointConfig> endpoints = new LinkedHashSet<>();
    EndpointConfig.Builder base = EndpointConfig.newBuilder()
        .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
        .setBindAddress(bindAddress)
        .setBindPort(port)
        .setHostname(hostname)
        .setPath("")
        .setCertificate(certificate);
    for (SecurityPolicy policy : SECURE_POLICIES) {
      EndpointConfig.Builder b = base.copy()
          .setSecurityPolicy(policy)
          .setSecurityMode(MessageSecurityMode.SignAndEncrypt)
          // the channel is encrypted, so the token policies use the channel's policy (null uri)
          .addTokenPolicies(
              new UserTokenPolicy("username", UserTokenType.UserName, null, null, null),
              new UserTokenPolicy("certificate", UserTokenType.Certificate, null, null, null));
      if (allowAnonymous) {
        b.addTokenPolicy(ANONYMOUS);
      }
      endpoints.add(b.build());
    }
    if (allowSecurityPolicyNone) {
      endpoints.add(base.copy()
          .setSecurityPolicy(SecurityPolicy.None)
          .setSecurityMode(MessageSecurityMode.None)
          .addTokenPolicy(ANONYMOUS)
          .build());
    }
    return endpoints;
  }
}
