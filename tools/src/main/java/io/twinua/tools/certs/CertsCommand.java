package io.twinua.tools.certs;

import io.twinua.server.security.ClientCertificateBundle;
import io.twinua.server.security.IssuedCertificate;
import io.twinua.server.security.PkiAdmin;
import io.twinua.server.security.ProjectCa;
import io.twinua.server.security.SecurityConfigException;
import io.twinua.server.security.Thumbprints;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code twinua certs}: the project CA and the certificates of stations and clients. Only parses
 * options; the work is done by {@code io.twinua.server.security} (ProjectCa, PkiAdmin,
 * ClientCertificateBundle) so tests and the demo launcher can do the same from Java.
 */
@Command(
    name = "certs",
    mixinStandardHelpOptions = true,
    description = "Project CA and certificates for stations and clients (see certs/README.md)")
public final class CertsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  @Command(
      name = "ca",
      mixinStandardHelpOptions = true,
      description = "Create the project CA (ca.cert.pem, ca.key.pem) in DIR; never overwrites")
  int ca(
      @Option(names = "--dir", required = true, paramLabel = "DIR", description = "new CA directory") Path dir,
      @Option(names = "--name", defaultValue = ProjectCa.DEFAULT_NAME, paramLabel = "NAME", description = "CA name (default: ${DEFAULT-VALUE})")
          String name,
      @Option(names = "--days", defaultValue = "3650", paramLabel = "DAYS", description = "validity in days (default: ${DEFAULT-VALUE})")
          int days) {
    return run("ca", () -> {
      ProjectCa ca = ProjectCa.create(dir, name, validity(days));
      out().printf("created project CA '%s' in %s%n", name, dir);
      out().printf("  certificate %s (sha256 %s)%n", dir.resolve(ProjectCa.CERTIFICATE_FILE), Thumbprints.sha256(ca.certificate()));
      out().printf("  private key %s (owner-only; keep it off the stations)%n", dir.resolve(ProjectCa.PRIVATE_KEY_FILE));
    });
  }

  @Command(
      name = "station",
      mixinStandardHelpOptions = true,
      description = {
        "Issue a station's certificate into its PKI and trust the project CA.",
        "Writes own/, puts the CA in issuer/certs and trusted/certs (and its CRL, if any).",
        "Restart the station to use the new certificate."
      })
  int station(
      @Option(names = "--ca", required = true, paramLabel = "DIR", description = "project CA directory") Path caDir,
      @Option(names = "--pki", required = true, paramLabel = "STATION_PKI_DIR", description = "the station's PKI directory") Path pkiDir,
      @Option(names = "--uri", required = true, paramLabel = "URI", description = "the station's applicationUri") String uri,
      @Option(names = "--host", required = true, paramLabel = "HOST", description = "host name or IP address (repeatable)")
          List<String> hosts,
      @Option(names = "--days", defaultValue = "1095", paramLabel = "DAYS", description = "validity in days (default: ${DEFAULT-VALUE})")
          int days) {
    return run("station", () -> {
      ProjectCa ca = ProjectCa.load(caDir);
      PkiAdmin.Installed installed = PkiAdmin.installStationCertificate(ca, pkiDir, uri, hosts, validity(days));
      out().printf("issued %s for %s %s%n", describe(installed.certificate()), uri, hosts);
      installed.replaced().ifPresent(old -> out().printf("  replaced %s%n", describe(old)));
      out().printf("  the station in %s now trusts every certificate of '%s'%n", pkiDir,
          ca.certificate().getSubjectX500Principal().getName());
    });
  }

  @Command(
      name = "client",
      mixinStandardHelpOptions = true,
      description = "Issue a client application certificate (PEM, DER and PKCS#12) for an HMI or test client")
  int client(
      @Option(names = "--ca", required = true, paramLabel = "DIR", description = "project CA directory") Path caDir,
      @Option(names = "--uri", required = true, paramLabel = "URI", description = "the client's applicationUri") String uri,
      @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory") Path outDir,
      @Option(names = "--name", defaultValue = "client", paramLabel = "NAME", description = "file-name prefix (default: ${DEFAULT-VALUE})")
          String name,
      @Option(names = "--host", paramLabel = "HOST", description = "host name or IP of the client machine (optional, repeatable)")
          List<String> hosts,
      @Option(names = "--days", defaultValue = "1095", paramLabel = "DAYS", description = "validity in days (default: ${DEFAULT-VALUE})")
          int days) {
    return run("client", () -> {
      ProjectCa ca = ProjectCa.load(caDir);
      IssuedCertificate issued = ca.issue(uri, hosts == null ? List.of() : hosts, validity(days));
      ClientCertificateBundle bundle = ClientCertificateBundle.write(issued, outDir, name);
      out().printf("issued %s for %s%n", describe(issued.certificate()), uri);
      for (Path file : bundle.files()) {
        out().printf("  %s%n", file);
      }
    });
  }

  @Command(
      name = "trust",
      mixinStandardHelpOptions = true,
      description = "Trust a certificate (e.g. a self-signed client from rejected/certs): copy it to trusted/certs")
  int trust(
      @Option(names = "--pki", required = true, paramLabel = "STATION_PKI_DIR", description = "the station's PKI directory") Path pkiDir,
      @Option(names = "--cert", required = true, paramLabel = "FILE", description = "PEM or DER certificate") Path file) {
    return run("trust", () -> {
      X509Certificate certificate = PkiAdmin.trust(pkiDir, file);
      out().printf("trusted %s in %s%n", describe(certificate), pkiDir);
    });
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke a certificate of the project CA (updates ca.crl.pem) and install the CRL in station PKIs")
  int revoke(
      @Option(names = "--ca", required = true, paramLabel = "DIR", description = "project CA directory") Path caDir,
      @Option(names = "--cert", required = true, paramLabel = "FILE", description = "the certificate to revoke (PEM or DER)") Path file,
      @Option(names = "--pki", paramLabel = "STATION_PKI_DIR", description = "station PKI to update (repeatable)")
          List<Path> pkiDirs) {
    return run("revoke", () -> {
      ProjectCa ca = ProjectCa.load(caDir);
      X509Certificate certificate = PkiAdmin.readCertificate(file);
      X509CRL crl = ca.revoke(certificate);
      out().printf("revoked %s; %s%n", describe(certificate), caDir.resolve(ProjectCa.CRL_FILE));
      for (Path pkiDir : pkiDirs == null ? List.<Path>of() : pkiDirs) {
        PkiAdmin.installCrl(pkiDir, crl);
        out().printf("  installed the CRL in %s%n", pkiDir);
      }
    });
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Show the certificates in a station PKI: own, trusted, issuer, rejected")
  int list(@Option(names = "--pki", required = true, paramLabel = "STATION_PKI_DIR", description = "the station's PKI directory") Path pkiDir) {
    return run("list", () -> {
      List<PkiAdmin.Entry> entries = PkiAdmin.list(pkiDir);
      for (PkiAdmin.Section section : PkiAdmin.Section.values()) {
        out().printf("%s:%n", section.name().toLowerCase(Locale.ROOT));
        List<PkiAdmin.Entry> inSection = entries.stream().filter(e -> e.section() == section).toList();
        if (inSection.isEmpty()) {
          out().printf("  (none)%n");
        }
        for (PkiAdmin.Entry entry : inSection) {
          X509Certificate c = entry.certificate();
          out().printf("  %s%n", c.getSubjectX500Principal().getName());
          out().printf("    uri %s, valid until %s%s%n",
              CertificateUtil.getSanUri(c).orElse("-"),
              c.getNotAfter().toInstant(),
              c.getBasicConstraints() >= 0 ? ", CA" : "");
          out().printf("    sha1 %s%n    sha256 %s%n    file %s%n",
              Thumbprints.sha1(c), Thumbprints.sha256(c), entry.file());
        }
      }
    });
  }

  private int run(String subcommand, SubcommandRun.Action action) {
    return SubcommandRun.run(spec, "certs", subcommand, action);
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private static Duration validity(int days) {
    if (days < 1) {
      throw new IllegalArgumentException("--days must be at least 1");
    }
    return Duration.ofDays(days);
  }

  private static String describe(X509Certificate certificate) {
    return "'" + certificate.getSubjectX500Principal().getName() + "' (sha256 "
        + Thumbprints.sha256(certificate) + ")";
  }
}
