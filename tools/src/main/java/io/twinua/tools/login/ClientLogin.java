package io.twinua.tools.login;

import io.twinua.switcher.discovery.ClientCertificate;
import io.twinua.switcher.discovery.ServerAccess;
import io.twinua.switcher.discovery.ServerTrust;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How a client command logs in at TwinUA stations (a picocli mixin): anonymous over SecurityPolicy
 * None by default (read-only, where the project allows it), or a user over SignAndEncrypt with a
 * client certificate the stations trust.
 */
public final class ClientLogin {

  @Option(names = "--user", paramLabel = "NAME", description = "log in as this user (default: anonymous)")
  String user;

  @Option(names = "--password-file", paramLabel = "FILE", description = "the user's password: the first line of FILE")
  Path passwordFile;

  @Option(names = "--password", paramLabel = "PASSWORD", arity = "0..1", interactive = true,
      description = "the user's password (other users of the computer may see it in the process list: prefer"
          + " --password-file, or give --password without a value to be asked)")
  String password;

  @Option(names = "--client-p12", paramLabel = "FILE",
      description = "client certificate (PKCS#12 from 'twinua certs client'); with it the session is"
          + " SignAndEncrypt, without it SecurityPolicy None (read-only and anonymous only on TwinUA stations,"
          + " unless the project allows usernames there)")
  Path clientP12;

  @Option(names = "--client-p12-password-file", paramLabel = "FILE",
      description = "password of --client-p12 (default: FILE.password next to it)")
  Path clientP12PasswordFile;

  @Option(names = "--pki", paramLabel = "DIR",
      description = "trusted server certificates and CAs (trusted/, issuers/, rejected/) for --client-p12")
  Path pki;

  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec spec;

  /** A file or certificate the user named cannot be used: one line for the user, exit code 1. */
  public static final class Problem extends Exception {
    public Problem(String message) {
      super(message);
    }
  }

  /** Identity and security for every station. */
  public ServerAccess access() throws Problem {
    if (user != null && passwordFile == null && password == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--user needs --password-file (or --password)");
    }
    if (user == null && (passwordFile != null || password != null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "a password needs --user");
    }
    ServerAccess access = ServerAccess.anonymousInsecure();
    if (user != null) {
      access = access.withUser(user, password != null ? password : firstLine(passwordFile));
    }
    if (clientP12 != null) {
      Path pw = clientP12PasswordFile != null ? clientP12PasswordFile : Path.of(clientP12 + ".password");
      String alias = clientP12.getFileName().toString().replaceFirst("\\.p12$", "");
      try {
        access = access.withSecurity(ClientCertificate.fromKeyStore(clientP12, alias, firstLine(pw).toCharArray()),
            SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes256_Sha256_RsaPss, SecurityPolicy.Aes128_Sha256_RsaOaep);
      } catch (IOException e) {
        throw new Problem("client certificate " + e.getMessage());
      }
    }
    return access;
  }

  /** Which server certificates to accept: the --pki directory with a client certificate, else any (None is unsigned anyway). */
  public ServerTrust trust() throws IOException {
    if (clientP12 == null) {
      return ServerTrust.trustEveryServer();
    }
    if (pki == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--client-p12 needs --pki DIR with the trusted server certificates or CA");
    }
    return ServerTrust.pkiDirectory(pki);
  }

  public static String firstLine(Path file) throws Problem {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty() || lines.get(0).isEmpty()) {
        throw new Problem(file + " is empty");
      }
      return lines.get(0);
    } catch (IOException e) {
      throw new Problem("cannot read " + file + ": " + e);
    }
  }
}
