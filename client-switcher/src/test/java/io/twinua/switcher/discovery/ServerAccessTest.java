package io.twinua.switcher.discovery;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Endpoint choice per server and the client certificate from a key store. */
public class ServerAccessTest {

  static EndpointDescription endpoint(SecurityPolicy policy, MessageSecurityMode mode, UserTokenType... tokens) {
    UserTokenPolicy[] policies = java.util.Arrays.stream(tokens)
        .map(t -> new UserTokenPolicy(t.name(), t, null, null, null)).toArray(UserTokenPolicy[]::new);
    return new EndpointDescription("opc.tcp://h:4840/" + policy.name() + "/" + mode, null, ByteString.NULL_VALUE,
        mode, policy.getUri(), policies, null, ubyte(0));
  }

  @Test
  void firstAcceptedPolicyWinsAndSignAndEncryptBeforeSign() throws Exception {
    var none = endpoint(SecurityPolicy.None, MessageSecurityMode.None, UserTokenType.Anonymous);
    var sign = endpoint(SecurityPolicy.Basic256Sha256, MessageSecurityMode.Sign, UserTokenType.Anonymous, UserTokenType.UserName);
    var encrypt = endpoint(SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt, UserTokenType.UserName);
    var rsaPss = endpoint(SecurityPolicy.Aes256_Sha256_RsaPss, MessageSecurityMode.SignAndEncrypt, UserTokenType.UserName);
    ClientCertificate cert = certificate();

    var access = ServerAccess.anonymousInsecure().withUser("op", "pw")
        .withSecurity(cert, SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes256_Sha256_RsaPss);
    assertEquals(encrypt, access.select(List.of(none, sign, rsaPss, encrypt)).orElseThrow());

    var anonymous = ServerAccess.anonymousInsecure().withSecurity(cert, SecurityPolicy.Basic256Sha256);
    assertEquals(sign, anonymous.select(List.of(none, sign, encrypt)).orElseThrow(), "only Sign takes anonymous logins");
    assertTrue(ServerAccess.anonymousInsecure().select(List.of(sign, encrypt)).isEmpty(), "None is not offered");
  }

  @Test
  void aKeyStoreEntryBecomesTheClientCertificate(@TempDir Path dir) throws Exception {
    ClientCertificate made = certificate();
    Path p12 = dir.resolve("client.p12");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("client", made.keyPair().getPrivate(), "secret".toCharArray(), made.chain());
    try (OutputStream out = Files.newOutputStream(p12)) {
      store.store(out, "secret".toCharArray());
    }

    ClientCertificate loaded = ClientCertificate.fromKeyStore(p12, "client", "secret".toCharArray());
    assertEquals(made.certificate(), loaded.certificate());
    assertEquals(made.keyPair().getPublic(), loaded.keyPair().getPublic());

    var missing = assertThrows(IOException.class, () -> ClientCertificate.fromKeyStore(p12, "other", "secret".toCharArray()));
    assertTrue(missing.getMessage().contains(p12.toString()) && missing.getMessage().contains("other"), missing.getMessage());
  }

  public static ClientCertificate certificate() throws Exception {
    var generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    var keyPair = generator.generateKeyPair();
    X509Certificate cert = new SelfSignedCertificateBuilder(keyPair)
        .setCommonName("switcher test client").setApplicationUri(Connector.Settings.defaults().applicationUri()).build();
    return new ClientCertificate(keyPair, new X509Certificate[] {cert});
  }
}
