package io.twinua.switcher.discovery;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;

/**
 * How to talk to one server: the security policies the client accepts (most wanted first), the
 * user identity, and the client certificate secured endpoints need.
 *
 * @param policies accepted security policies, most wanted first; within one policy
 *     SignAndEncrypt is taken before Sign
 * @param user user name, or empty for an anonymous session
 * @param password the user's password (ignored when anonymous)
 * @param certificate the client certificate, required by any policy but None
 */
public record ServerAccess(
    List<SecurityPolicy> policies, Optional<String> user, String password, Optional<ClientCertificate> certificate) {

  public ServerAccess {
    policies = List.copyOf(policies);
    if (policies.isEmpty()) {
      throw new IllegalArgumentException("no security policy accepted");
    }
    Objects.requireNonNull(user, "user");
    password = password == null ? "" : password;
    Objects.requireNonNull(certificate, "certificate");
    if (certificate.isEmpty() && policies.stream().anyMatch(p -> p != SecurityPolicy.None)) {
      throw new IllegalArgumentException("security policies " + policies + " need a client certificate");
    }
  }

  /** Anonymous, no security: a test or a plant network that protects itself. */
  public static ServerAccess anonymousInsecure() {
    return new ServerAccess(List.of(SecurityPolicy.None), Optional.empty(), "", Optional.empty());
  }

  public ServerAccess withUser(String name, String password) {
    return new ServerAccess(policies, Optional.of(name), password, certificate);
  }

  public ServerAccess withSecurity(ClientCertificate certificate, SecurityPolicy... policies) {
    return new ServerAccess(List.of(policies), user, password, Optional.of(certificate));
  }

  public IdentityProvider identity() {
    return user.<IdentityProvider>map(u -> new UsernameProvider(u, password)).orElseGet(AnonymousProvider::new);
  }

  /**
   * The endpoint to connect to: the first accepted policy the server offers, SignAndEncrypt
   * before Sign, and only endpoints that accept this identity's token type.
   */
  public Optional<EndpointDescription> select(List<EndpointDescription> endpoints) {
    UserTokenType token = user.isPresent() ? UserTokenType.UserName : UserTokenType.Anonymous;
    Comparator<EndpointDescription> order =
        Comparator.<EndpointDescription>comparingInt(e -> policies.indexOf(policyOf(e)))
            .thenComparing(e -> e.getSecurityMode() != MessageSecurityMode.SignAndEncrypt);
    return endpoints.stream()
        .filter(e -> policyOf(e) != null && policies.contains(policyOf(e)))
        .filter(e -> Stream.of(Objects.requireNonNullElse(e.getUserIdentityTokens(), new UserTokenPolicy[0]))
            .anyMatch(p -> p.getTokenType() == token))
        .min(order);
  }

  private static SecurityPolicy policyOf(EndpointDescription e) {
    return SecurityPolicy.fromUriSafe(e.getSecurityPolicyUri()).orElse(null);
  }
}
