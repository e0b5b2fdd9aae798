package io.twinua.tools.rollout;

import io.twinua.server.config.StationConfig;
import io.twinua.server.config.StationLoader;
import io.twinua.switcher.discovery.ClientCertificate;
import io.twinua.switcher.discovery.Connector;
import io.twinua.switcher.discovery.ServerAccess;
import io.twinua.switcher.discovery.ServerTrust;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinua rollout}: applies a changed project to a running pair, one station at a time (see
 * {@link Rollout}). Logs in as an engineer over SignAndEncrypt with a client certificate the
 * stations trust.
 */
@Command(name = "rollout", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Rolling change: apply a changed project to the running pair, Standby first, then switch roles, "
        + "then the other station; stops at the first step that fails")
public final class RolloutCommand implements Callable<Integer> {

  @Option(names = "--project", required = true, paramLabel = "DIR",
      description = "the changed project directory (project.yaml, plant.xml, users.yaml, ...)")
  Path project;

  @Option(names = "--station", required = true, paramLabel = "FILE",
      description = "the station file of each station of the pair (twice); each station needs its own project directory")
  List<Path> stationFiles = new ArrayList<>();

  @Option(names = "--user", required = true, paramLabel = "NAME", description = "an engineer")
  String user;

  @Option(names = "--password-file", required = true, paramLabel = "FILE", description = "the engineer's password: the first line of FILE")
  Path passwordFile;

  @Option(names = "--client-p12", required = true, paramLabel = "FILE",
      description = "client certificate (PKCS#12 from 'twinua certs client') the stations trust")
  Path clientP12;

  @Option(names = "--client-p12-password-file", paramLabel = "FILE",
      description = "password of --client-p12 (default: FILE.password next to it)")
  Path clientP12PasswordFile;

  @Option(names = "--pki", required = true, paramLabel = "DIR",
      description = "trusted server certificates and CAs (trusted/, issuers/, rejected/)")
  Path pki;

  @Option(names = "--step-timeout", defaultValue = "300", paramLabel = "SECONDS",
      description = "each step (restart and return, role switch) must finish within this; default ${DEFAULT-VALUE}")
  int stepTimeoutSeconds;

  @Override
  public Integer call() throws Exception {
    List<StationConfig> stations = new ArrayList<>();
    for (Path f : stationFiles) {
      stations.add(StationLoader.load(f));
    }
    if (stations.size() != 2) {
      System.err.println("twinua rollout: give --station twice, once for each station of the pair");
      return 2;
    }
    Path pw = clientP12PasswordFile != null ? clientP12PasswordFile : Path.of(clientP12 + ".password");
    String alias = clientP12.getFileName().toString().replaceFirst("\\.p12$", "");
    ClientCertificate certificate = ClientCertificate.fromKeyStore(clientP12, alias, firstLine(pw).toCharArray());
    ServerAccess access = ServerAccess.anonymousInsecure().withUser(user, firstLine(passwordFile))
        .withSecurity(certificate, SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes256_Sha256_RsaPss,
            SecurityPolicy.Aes128_Sha256_RsaOaep);
    String uri = CertificateUtil.getSanUri(certificate.certificate()).orElse("urn:twinua:rollout");
    try (ServerTrust trust = ServerTrust.pkiDirectory(pki)) {
      Connector connector = new Connector(new Connector.Settings(uri, "TwinUA rollout", Duration.ofSeconds(10),
          Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(60)), serverUri -> access, trust);
      Rollout rollout = new Rollout(stations, project,
          s -> connector.connect("opc.tcp://" + s.hostname() + ":" + s.port()).get(15, TimeUnit.SECONDS),
          ProjectFiles.PLAIN_COPY, Duration.ofSeconds(stepTimeoutSeconds), System.out);
      rollout.run();
      return 0;
    } catch (RolloutException e) {
      System.err.println("twinua rollout: stopped: " + e.getMessage());
      return 1;
    }
  }

  private static String firstLine(Path file) throws java.io.IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || lines.get(0).isEmpty()) {
      throw new java.io.IOException(file + " is empty");
    }
    return lines.get(0);
  }
}
