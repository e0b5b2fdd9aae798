package io.twinua.tools.hmi;

import io.twinua.switcher.Preference;
import io.twinua.switcher.SwitcherConfig;
import io.twinua.switcher.discovery.ClientCertificate;
import io.twinua.switcher.discovery.Connector;
import io.twinua.switcher.discovery.ServerAccess;
import io.twinua.switcher.discovery.ServerTrust;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;

/**
 * What the web HMI needs.
 *
 * @param urls endpoint URLs of the server set
 * @param preference the server the HMI prefers
 * @param feedAccess how the shared live feed logs in (anonymous, read-only, where the project allows it)
 * @param loginCertificate the HMI's client certificate, trusted by the stations: user logins go
 *     over SignAndEncrypt with it; without it nobody can log in (the page says so)
 * @param trust how the stations' certificates are checked
 * @param connection client application URI (matching the certificate) and session timeouts
 * @param bind address of the web server (loopback only: logins travel in clear over HTTP)
 * @param port web server port, 0 for any free one
 * @param holdOff how long the preferred server must stay Healthy before the HMI returns to it
 * @param sessionIdle a login unused this long ends
 */
public record HmiSettings(
    List<String> urls,
    Preference preference,
    ServerAccess feedAccess,
    Optional<ClientCertificate> loginCertificate,
    ServerTrust trust,
    Connector.Settings connection,
    String bind,
    int port,
    Duration holdOff,
    Duration sessionIdle) {

  /** Logins: the strongest policies first, always SignAndEncrypt before Sign (Milo notes: no None for passwords). */
  private static final SecurityPolicy[] LOGIN_POLICIES = {
      SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes256_Sha256_RsaPss, SecurityPolicy.Aes128_Sha256_RsaOaep};

  public HmiSettings {
    urls = List.copyOf(urls);
    Objects.requireNonNull(preference, "preference");
    Objects.requireNonNull(feedAccess, "feedAccess");
    Objects.requireNonNull(loginCertificate, "loginCertificate");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(bind, "bind");
  }

  /** The shared feed's switcher configuration. */
  SwitcherConfig feedConfig() {
    return switcher(feedAccess);
  }

  /** A user's own client: a UserName identity on a SignAndEncrypt endpoint with the HMI certificate. */
  SwitcherConfig userConfig(String user, String password) {
    ClientCertificate certificate = loginCertificate.orElseThrow(() -> new IllegalStateException("no client certificate for logins"));
    return switcher(ServerAccess.anonymousInsecure().withUser(user, password).withSecurity(certificate, LOGIN_POLICIES));
  }

  private SwitcherConfig switcher(ServerAccess access) {
    return SwitcherConfig.create(b -> {
      urls.forEach(b::url);
      b.preference(preference).defaultAccess(access).trust(trust).connection(connection).holdOff(holdOff);
    });
  }
}
