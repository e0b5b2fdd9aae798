package io.twinua.server.security;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * Builds X.509 certificates with BouncyCastle: the project CA and CA-signed application instance
 * certificates with the extensions OPC UA Part 6 §6.2.2 requires (SAN URI = applicationUri, DNS/IP
 * SANs, KeyUsage digitalSignature/nonRepudiation/keyEncipherment/dataEncipherment,
 * ExtendedKeyUsage serverAuth+clientAuth, not a CA). RSA 2048, SHA256withRSA.
 */
public final class CertificateIssuer {

  public static final int RSA_KEY_BITS = 2048;
  public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
  public static final Duration DEFAULT_APPLICATION_VALIDITY = Duration.ofDays(1095);

  private static final String SIGNATURE_ALGORITHM = "SHA256withRSA";
  private static final String ORGANIZATION = "TwinUA";
  /** Back-dated so a partner whose clock is a little behind still accepts a new certificate. */
  private static final Duration CLOCK_SKEW = Duration.ofHours(1);

  private static final SecureRandom RANDOM = new SecureRandom();

  private CertificateIssuer() {}

  public static KeyPair newRsaKeyPair() throws GeneralSecurityException {
    return SelfSignedCertificateGenerator.generateRsaKeyPair(RSA_KEY_BITS);
  }

  /** A self-signed CA certificate (cA=true, pathLen 0: it signs application certs only). */
  public static X509Certificate caCertificate(KeyPair keyPair, String name, Duration validity)
      throws GeneralSecurityException {
    SecurityProviders.ensureBouncyCastle();
    X500Name subject = name(name);
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject, serial(), notBefore(), notAfter(validity), subject, keyPair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          extensions.createAuthorityKeyIdentifier(keyPair.getPublic()));
      return sign(builder, keyPair.getPrivate());
    } catch (GeneralSecurityException e) {
      throw e;
    } catch (Exception e) {
      throw new GeneralSecurityException("cannot build CA certificate: " + e.getMessage(), e);
    }
  }

  /** An application instance certificate for a station or client, signed by {@code issuer}. */
  public static X509Certificate applicationCertificate(
      X509Certificate issuer,
      PrivateKey issuerKey,
      PublicKey subjectKey,
      String commonName,
      String applicationUri,
      List<String> hostnames,
      Duration validity)
      throws GeneralSecurityException {
    SecurityProviders.ensureBouncyCastle();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer, serial(), notBefore(), notAfter(validity), name(commonName), subjectKey);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(
              KeyUsage.digitalSignature
                  | KeyUsage.nonRepudiation
                  | KeyUsage.keyEncipherment
                  | KeyUsage.dataEncipherment));
      builder.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          extensions.createAuthorityKeyIdentifier(issuer));
      builder.addExtension(
          Extension.subjectAlternativeName, false, subjectAltNames(applicationUri, hostnames));
      return sign(builder, issuerKey);
    } catch (GeneralSecurityException e) {
      throw e;
    } catch (Exception e) {
      throw new GeneralSecurityException(
          "cannot build application certificate: " + e.getMessage(), e);
    }
  }

  /**
   * A new CRL of {@code ca}: the entries of {@code previous} plus {@code serial}, CRL number one
   * higher, valid until the CA itself expires (so it never goes stale between revocations).
   */
  public static X509CRL crl(
      X509Certificate ca, PrivateKey caKey, Optional<X509CRL> previous, BigInteger serial)
      throws GeneralSecurityException {
    SecurityProviders.ensureBouncyCastle();
    try {
      Date now = new Date();
      X509v2CRLBuilder builder =
          new X509v2CRLBuilder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), now);
      builder.setNextUpdate(ca.getNotAfter());
      BigInteger number = BigInteger.ONE;
      if (previous.isPresent()) {
        X509CRLHolder holder = new X509CRLHolder(previous.get().getEncoded());
        builder.addCRL(holder);
        Extension numberExtension = holder.getExtension(Extension.cRLNumber);
        if (numberExtension != null) {
          number = CRLNumber.getInstance(numberExtension.getParsedValue()).getCRLNumber().add(BigInteger.ONE);
        }
      }
      if (previous.isEmpty() || previous.get().getRevokedCertificate(serial) == null) {
        builder.addCRLEntry(serial, now, CRLReason.unspecified);
      }
      builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca));
      ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(caKey);
      return (X509CRL)
          CertificateFactory.getInstance("X.509")
              .generateCRL(new ByteArrayInputStream(builder.build(signer).getEncoded()));
    } catch (GeneralSecurityException e) {
      throw e;
    } catch (Exception e) {
      throw new GeneralSecurityException("cannot build CRL: " + e.getMessage(), e);
    }
  }

  /**
   * A readable common name from an application URI: the part after the last ':' or '/', e.g.
   * {@code urn:twinua:station:STATION-A} → {@code STATION-A}.
   */
  public static String commonNameFor(String applicationUri) {
    String trimmed = applicationUri.replaceAll("[:/]+$", "");
    int cut = Math.max(trimmed.lastIndexOf(':'), trimmed.lastIndexOf('/'));
    String name = cut >= 0 && cut < trimmed.length() - 1 ? trimmed.substring(cut + 1) : trimmed;
    // X.520 ub-common-name is 64 characters
    return name.length() > 64 ? name.substring(0, 64) : name;
  }

  private static GeneralNames subjectAltNames(String applicationUri, List<String> hostnames) {
    List<GeneralName> names = new ArrayList<>();
    names.add(new GeneralName(GeneralName.uniformResourceIdentifier, applicationUri));
    for (String host : hostnames) {
      HostNames.requireValid(host);
      names.add(
          new GeneralName(
              HostNames.isIpAddress(host) ? GeneralName.iPAddress : GeneralName.dNSName, host));
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.CN, commonName)
        .addRDN(BCStyle.O, ORGANIZATION)
        .build();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
      throws Exception {
    ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey);
    X509CertificateHolder holder = builder.build(signer);
    // decode with the default provider so equals()/hashCode() behave like certificates read from
    // files (Milo keeps trust lists in HashSets)
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
  }

  private static BigInteger serial() {
    // RFC 5280: positive, at most 20 octets; 127 random bits are unique in practice
    return new BigInteger(127, RANDOM).setBit(126);
  }

  private static Date notBefore() {
    return Date.from(Instant.now().minus(CLOCK_SKEW));
  }

  private static Date notAfter(Duration validity) {
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive: " + validity);
    }
    return Date.from(Instant.now().plus(validity));
  }
}
