package dev.altus.compute.service.keys;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.ZonedDateTime;
import java.util.Base64;

/**
 * Makes new key pairs (2048-bit RSA), as Nova does when a key pair is created without a public
 * key: an OpenSSH public key with its PEM private key, or a self-signed client certificate (for
 * WinRM: CN and UPN of the user) with its private key. Also checks and fingerprints imported
 * certificates.
 */
public final class KeyPairGenerator {
  /** A generated pair: what is stored (public key or certificate) and what is returned once. */
  public record Generated(String publicKey, String privateKey, String fingerprint) {}

  private static final int BITS = 2048;
  private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
  private static final String COMMON_NAME = "2.5.4.3";
  private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String SUBJECT_ALT_NAME = "2.5.29.17";
  private static final String USER_PRINCIPAL_NAME = "1.3.6.1.4.1.311.20.2.3";

  private final SecureRandom random = new SecureRandom();

  /** An ssh-rsa key pair: the OpenSSH public line and the PKCS#1 PEM private key. */
  public Generated ssh(String comment) {
    KeyPair kp = rsa();
    String line = OpenSshPublicKey.line((RSAPublicKey) kp.getPublic(), comment);
    try {
      return new Generated(line, pem("RSA PRIVATE KEY", pkcs1(kp.getPrivate().getEncoded())),
          OpenSshPublicKey.parse(line).fingerprint());
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("a generated key did not parse: " + e.getMessage(), e);
    }
  }

  /** A self-signed client certificate for {@code userId}, valid ten years, and its key. */
  public Generated x509(String userId) {
    KeyPair kp = rsa();
    ZonedDateTime now = ZonedDateTime.now();
    byte[] algorithm = Der.seq(Der.oid(SHA256_WITH_RSA), Der.nul());
    byte[] name = Der.seq(Der.set(Der.seq(Der.oid(COMMON_NAME), Der.utf8(userId))));
    byte[] extensions = Der.tagged(3, Der.seq(
        Der.seq(Der.oid(EXTENDED_KEY_USAGE), Der.octets(Der.seq(Der.oid(CLIENT_AUTH)))),
        Der.seq(Der.oid(SUBJECT_ALT_NAME), Der.octets(Der.seq(
            Der.tagged(0, Der.oid(USER_PRINCIPAL_NAME),
                Der.tagged(0, Der.utf8(userId + "@localhost"))))))));
    byte[] tbs = Der.seq(
        Der.tagged(0, Der.integer(BigInteger.TWO)),
        Der.integer(new BigInteger(63, random).add(BigInteger.ONE)),
        algorithm, name,
        Der.seq(Der.time(now.minusMinutes(5)), Der.time(now.plusYears(10))),
        name,
        kp.getPublic().getEncoded(),
        extensions);
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(kp.getPrivate(), random);
      s.update(tbs);
      byte[] cert = Der.seq(tbs, algorithm, Der.bits(s.sign()));
      String pemCert = pem("CERTIFICATE", cert);
      return new Generated(pemCert, pem("RSA PRIVATE KEY", pkcs1(kp.getPrivate().getEncoded())),
          certificateFingerprint(pemCert));
    } catch (GeneralSecurityException | InvalidKeyException e) {
      throw new IllegalStateException("could not sign a certificate: " + e.getMessage(), e);
    }
  }

  /** Checks a PEM certificate and returns Nova's fingerprint of it (SHA-1 of the DER). */
  public static String certificateFingerprint(String pem) throws InvalidKeyException {
    if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new InvalidKeyException("an x509 key pair's public key is a PEM certificate");
    }
    try {
      X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem.strip()
              .getBytes(StandardCharsets.US_ASCII)));
      return Fingerprints.sha1(c.getEncoded());
    } catch (CertificateException | RuntimeException e) {
      throw new InvalidKeyException("the certificate cannot be read: " + e.getMessage());
    }
  }

  private KeyPair rsa() {
    try {
      java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
      g.initialize(BITS, random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is missing from the JDK", e);
    }
  }

  /** The PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo. */
  static byte[] pkcs1(byte[] pkcs8) {
    Der.Reader info = new Der.Reader(pkcs8).next(Der.SEQUENCE);
    info.next(Der.INTEGER);
    info.next(Der.SEQUENCE);
    return info.next(Der.OCTET_STRING).contents();
  }

  static String pem(String label, byte[] der) {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n";
  }
}
