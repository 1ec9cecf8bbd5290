package dev.altus.compute.service.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Key fingerprints as Nova shows them: a digest in lower-case hex pairs joined by colons. */
public final class Fingerprints {
  private Fingerprints() {}

  /** MD5 of an SSH public key's wire blob (the fingerprint of ssh key pairs). */
  public static String md5(byte[] blob) {
    return colonHex(digest("MD5", blob));
  }

  /** SHA-1 of a certificate's DER bytes (the fingerprint of x509 key pairs). */
  public static String sha1(byte[] der) {
    return colonHex(digest("SHA-1", der));
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from the JDK", e);
    }
  }

  static String colonHex(byte[] b) {
    StringBuilder s = new StringBuilder(b.length * 3);
    for (int i = 0; i < b.length; i++) {
      if (i > 0) {
        s.append(':');
      }
      s.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
    }
    return s.toString();
  }
}
