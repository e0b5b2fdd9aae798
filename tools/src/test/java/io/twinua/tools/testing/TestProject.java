package io.twinua.tools.testing;

import io.twinua.server.security.Role;
import io.twinua.server.security.UserDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * A copy of the demo project for tests: pointed at the test's PLC simulator ports, with test
 * users (random passwords) and a test HMI client certificate that stations can be told to trust.
 */
public final class TestProject {

  public static final Path DEMO_PROJECT = Path.of("..", "nodeset", "demo-plant");
  public static final String PLANT_NS = "urn:twinua:demo-plant";
  public static final String HMI_URI = "urn:twinua:test:hmi";

  public final Path dir;
  public final Map<Role, String> passwords;
  public final X509Certificate hmiCertificate;
  public final KeyPair hmiKeys;

  private TestProject(Path dir, Map<Role, String> passwords, X509Certificate cert, KeyPair keys) {
    this.dir = dir;
    this.passwords = passwords;
    this.hmiCertificate = cert;
    this.hmiKeys = keys;
  }

  public Path projectFile() {
    return dir.resolve("project.yaml");
  }

  /** The simulated Tank2 level runs 10..90 %: with a high limit at 5 % its alarm stays active. */
  public static String tank2AlwaysHigh(String project) {
    String limits = "highHigh: 88\n    high: 80\n    low: 20\n    lowLow: 12\n";
    if (!project.contains(limits)) {
      throw new AssertionError("demo project's Tank2Level limits changed; update this test");
    }
    return project.replace(limits, "highHigh: 1000\n    high: 5\n    low: -1000\n    lowLow: -2000\n");
  }

  public static TestProject create(Path dir, int as1Port, int as2Port, UnaryOperator<String> edit) throws Exception {
    Files.createDirectories(dir);
    Files.copy(DEMO_PROJECT.resolve("plant.xml"), dir.resolve("plant.xml"));
    String text = Files.readString(DEMO_PROJECT.resolve("project.yaml"))
        .replace("opc.tcp://127.0.0.1:4850", "opc.tcp://127.0.0.1:" + as1Port)
        .replace("opc.tcp://127.0.0.1:4851", "opc.tcp://127.0.0.1:" + as2Port);
    Files.writeString(dir.resolve("project.yaml"), edit.apply(text));
    Map<Role, String> passwords = new EnumMap<>(Role.class);
    UserDirectory users = UserDirectory.empty();
    for (Role role : List.of(Role.VIEWER, Role.OPERATOR, Role.ENGINEER)) {
      String password = "test-" + role.name().toLowerCase() + "-" + Long.toHexString(System.nanoTime());
      passwords.put(role, password);
      users = users.addOrReplace(role.name().toLowerCase(), role, password.toCharArray());
    }
    users.save(dir.resolve("users.yaml"));
    Hmi hmi = Hmi.identity();
    return new TestProject(dir, passwords, hmi.cert, hmi.keys);
  }

  /**
   * One test HMI identity for all test projects of this JVM: an RSA key pair costs a few hundred
   * ms of CPU, and which HMI certificate a station trusts is the same question in every test.
   */
  private record Hmi(KeyPair keys, X509Certificate cert) {
    private static Hmi identity;

    static synchronized Hmi identity() throws Exception {
      if (identity == null) {
        KeyPair keys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate cert = new SelfSignedCertificateBuilder(keys)
            .setCommonName("TwinUA test HMI").setApplicationUri(HMI_URI).addDnsName("localhost").build();
        identity = new Hmi(keys, cert);
      }
      return identity;
    }
  }
}
