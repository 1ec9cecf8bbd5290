package dev.altus.compute.service.keys;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The few ASN.1 DER encodings a self-signed certificate needs, and reading one element back. */
final class Der {
  static final int INTEGER = 0x02;
  static final int BIT_STRING = 0x03;
  static final int OCTET_STRING = 0x04;
  static final int NULL = 0x05;
  static final int OID = 0x06;
  static final int UTF8_STRING = 0x0c;
  static final int UTC_TIME = 0x17;
  static final int GENERALIZED_TIME = 0x18;
  static final int SEQUENCE = 0x30;
  static final int SET = 0x31;

  private Der() {}

  static byte[] tlv(int tag, byte[]... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      body.writeBytes(p);
    }
    int len = body.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    if (len < 0x80) {
      out.write(len);
    } else {
      byte[] l = BigInteger.valueOf(len).toByteArray();
      int skip = l[0] == 0 ? 1 : 0;
      out.write(0x80 | (l.length - skip));
      out.write(l, skip, l.length - skip);
    }
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  static byte[] seq(byte[]... parts) {
    return tlv(SEQUENCE, parts);
  }

  static byte[] set(byte[]... parts) {
    return tlv(SET, parts);
  }

  /** A context-specific constructed tag [n] around the parts. */
  static byte[] tagged(int n, byte[]... parts) {
    return tlv(0xa0 | n, parts);
  }

  static byte[] integer(BigInteger v) {
    return tlv(INTEGER, v.toByteArray());
  }

  static byte[] nul() {
    return new byte[] {NULL, 0};
  }

  static byte[] utf8(String s) {
    return tlv(UTF8_STRING, s.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] octets(byte[] v) {
    return tlv(OCTET_STRING, v);
  }

  static byte[] bits(byte[] v) {
    byte[] b = new byte[v.length + 1];
    System.arraycopy(v, 0, b, 1, v.length);
    return tlv(BIT_STRING, b);
  }

  /** UTCTime before 2050, GeneralizedTime from then on, as RFC 5280 asks. */
  static byte[] time(ZonedDateTime t) {
    ZonedDateTime u = t.withZoneSameInstant(ZoneOffset.UTC);
    if (u.getYear() < 2050) {
      return tlv(UTC_TIME, u.format(DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'"))
          .getBytes(StandardCharsets.US_ASCII));
    }
    return tlv(GENERALIZED_TIME, u.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'"))
        .getBytes(StandardCharsets.US_ASCII));
  }

  static byte[] oid(String dotted) {
    String[] p = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Integer.parseInt(p[0]) * 40 + Integer.parseInt(p[1]));
    for (int i = 2; i < p.length; i++) {
      long v = Long.parseLong(p[i]);
      int n = 0;
      byte[] tmp = new byte[10];
      do {
        tmp[n++] = (byte) (v & 0x7f);
        v >>>= 7;
      } while (v > 0);
      for (int k = n - 1; k >= 0; k--) {
        out.write(tmp[k] | (k > 0 ? 0x80 : 0));
      }
    }
    return tlv(OID, out.toByteArray());
  }

  /** Reads the elements of a constructed DER value one after another. */
  static final class Reader {
    private final byte[] b;
    private int pos;
    private final int end;

    Reader(byte[] b) {
      this(b, 0, b.length);
    }

    private Reader(byte[] b, int from, int end) {
      this.b = b;
      this.pos = from;
      this.end = end;
    }

    /** The next element, which must have {@code tag}; returns a reader of its contents. */
    Reader next(int tag) {
      if (pos >= end || (b[pos] & 0xff) != tag) {
        throw new IllegalArgumentException("DER: expected tag " + tag);
      }
      pos++;
      int len = b[pos++] & 0xff;
      if (len >= 0x80) {
        int n = len & 0x7f;
        len = 0;
        for (int i = 0; i < n; i++) {
          len = (len << 8) | (b[pos++] & 0xff);
        }
      }
      Reader inner = new Reader(b, pos, pos + len);
      pos += len;
      return inner;
    }

    byte[] contents() {
      return java.util.Arrays.copyOfRange(b, pos, end);
    }
  }
}
