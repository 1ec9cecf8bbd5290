package dev.altus.compute.service.keys;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Base64;
import java.util.Map;

/**
 * A public key in OpenSSH's one-line format ({@code ssh-rsa AAAA... comment}), checked the way a
 * key loader checks it: a known type, valid base64, a wire blob whose type matches the line and
 * whose numbers make a usable key (RSA: odd exponent 3 <= e < n; ECDSA: a point on the named
 * curve; Ed25519: 32 bytes), and nothing after the key's fields.
 *
 * @param type the key type, e.g. ssh-rsa
 * @param blob the decoded key blob (what the fingerprint digests)
 * @param comment the comment after the key, or empty
 */
public record OpenSshPublicKey(String type, byte[] blob, String comment) {
  private static final Map<String, String> CURVES = Map.of(
      "nistp256", "secp256r1", "nistp384", "secp384r1", "nistp521", "secp521r1");

  /** Parses and checks a public key line. */
  public static OpenSshPublicKey parse(String line) throws InvalidKeyException {
    if (line == null || line.isBlank()) {
      throw new InvalidKeyException("the public key is empty");
    }
    String[] parts = line.strip().split("[ \t]+", 3);
    if (parts.length < 2) {
      throw new InvalidKeyException("a public key is '<type> <base64 key> [comment]'");
    }
    String type = parts[0];
    if (!type.equals("ssh-rsa") && !type.equals("ssh-dss") && !type.equals("ssh-ed25519")
        && !type.startsWith("ecdsa-sha2-")) {
      throw new InvalidKeyException("the key type '" + type + "' is not supported (ssh-rsa,"
          + " ssh-dss, ecdsa-sha2-nistp256/384/521 or ssh-ed25519)");
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyException("the key data is not valid base64");
    }
    Reader r = new Reader(blob);
    String inner = r.text();
    if (!inner.equals(type)) {
      throw new InvalidKeyException("the key data is not a " + type + " key");
    }
    switch (type) {
      case "ssh-rsa" -> checkRsa(r.mpint(), r.mpint());
      case "ssh-dss" -> {
        for (int i = 0; i < 4; i++) {
          if (r.mpint().signum() <= 0) {
            throw new InvalidKeyException("the DSA key's numbers are invalid");
          }
        }
      }
      case "ssh-ed25519" -> {
        if (r.bytes().length != 32) {
          throw new InvalidKeyException("an Ed25519 key is 32 bytes");
        }
      }
      default -> checkEcdsa(type, r.text(), r.bytes());
    }
    if (r.remaining() != 0) {
      throw new InvalidKeyException("the key data has " + r.remaining() + " extra bytes");
    }
    return new OpenSshPublicKey(type, blob, parts.length > 2 ? parts[2].strip() : "");
  }

  /** Nova's fingerprint of the key: MD5 of the blob, colon-separated hex. */
  public String fingerprint() {
    return Fingerprints.md5(blob);
  }

  /** The OpenSSH line of an RSA public key. */
  public static String line(RSAPublicKey key, String comment) {
    Writer w = new Writer();
    w.text("ssh-rsa");
    w.mpint(key.getPublicExponent());
    w.mpint(key.getModulus());
    return "ssh-rsa " + Base64.getEncoder().encodeToString(w.bytes()) + " " + comment;
  }

  private static void checkRsa(BigInteger e, BigInteger n) throws InvalidKeyException {
    if (n.compareTo(BigInteger.valueOf(3)) < 0 || e.compareTo(BigInteger.valueOf(3)) < 0
        || e.compareTo(n) >= 0 || !e.testBit(0) || !n.testBit(0)) {
      throw new InvalidKeyException("the RSA key's numbers are invalid");
    }
  }

  private static void checkEcdsa(String type, String curve, byte[] point)
      throws InvalidKeyException {
    String suffix = type.substring("ecdsa-sha2-".length());
    String jdkName = CURVES.get(suffix);
    if (jdkName == null || !curve.equals(suffix)) {
      throw new InvalidKeyException("the ECDSA curve '" + curve + "' is not supported");
    }
    ECParameterSpec spec;
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec(jdkName));
      spec = p.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks curve " + jdkName, e);
    }
    BigInteger prime = ((ECFieldFp) spec.getCurve().getField()).getP();
    int size = (prime.bitLength() + 7) / 8;
    if (point.length != 1 + 2 * size || point[0] != 4) {
      throw new InvalidKeyException("the ECDSA point is not an uncompressed point of " + curve);
    }
    BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(point, 1, 1 + size));
    BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(point, 1 + size, point.length));
    BigInteger left = y.modPow(BigInteger.TWO, prime);
    BigInteger right = x.pow(3).add(spec.getCurve().getA().multiply(x))
        .add(spec.getCurve().getB()).mod(prime);
    if (x.compareTo(prime) >= 0 || y.compareTo(prime) >= 0 || !left.equals(right)) {
      throw new InvalidKeyException("the ECDSA point is not on curve " + curve);
    }
  }

  /** Reads SSH wire-format fields: uint32-length-prefixed strings and mpints. */
  private static final class Reader {
    private final byte[] b;
    private int pos;

    Reader(byte[] b) {
      this.b = b;
    }

    byte[] bytes() throws InvalidKeyException {
      if (b.length - pos < 4) {
        throw new InvalidKeyException("the key data is truncated");
      }
      long len = ((b[pos] & 0xffL) << 24) | ((b[pos + 1] & 0xff) << 16)
          | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
      pos += 4;
      if (len > b.length - pos) {
        throw new InvalidKeyException("the key data is truncated");
      }
      byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + (int) len);
      pos += (int) len;
      return out;
    }

    String text() throws InvalidKeyException {
      return new String(bytes(), StandardCharsets.US_ASCII);
    }

    BigInteger mpint() throws InvalidKeyException {
      byte[] v = bytes();
      return v.length == 0 ? BigInteger.ZERO : new BigInteger(v);
    }

    int remaining() {
      return b.length - pos;
    }
  }

  /** Writes SSH wire-format fields. */
  private static final class Writer {
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    void bytes(byte[] v) {
      out.write(v.length >>> 24);
      out.write(v.length >>> 16);
      out.write(v.length >>> 8);
      out.write(v.length);
      out.writeBytes(v);
    }

    void text(String s) {
      bytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    void mpint(BigInteger n) {
      bytes(n.toByteArray());
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
