package dev.altus.identity.token;

import com.macasaet.fernet.Token;
import com.macasaet.fernet.TokenValidationException;
import com.macasaet.fernet.Validator;
import dev.altus.common.error.ApiException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * Encodes token payloads the way Keystone's Fernet provider does: a msgpack list whose first item
 * is a payload version (0 unscoped, 1 domain, 2 project, 3 trust, 8 system, 9 application
 * credential), ids packed as 16 raw bytes when they are UUID hex, methods as a bit mask, the expiry
 * as a float of seconds, audit ids as raw bytes. The Fernet token's own timestamp is the issue time;
 * the string has its base64 padding stripped, as Keystone's has.
 */
public final class FernetTokenCodec {
  private static final List<String> METHODS =
      List.of("oauth1", "external", "password", "token", "totp", "application_credential", "mapped");
  private final FernetKeyRepository keys;
  private final Duration maxLifetime;

  public FernetTokenCodec(FernetKeyRepository keys, Duration maxLifetime) {
    this.keys = keys;
    this.maxLifetime = maxLifetime;
  }

  public String encode(TokenPayload p) {
    try (MessageBufferPacker pk = MessagePack.newDefaultBufferPacker()) {
      int version = p.appCredId() != null ? 9 : p.trustId() != null ? 3 : p.system() ? 8
          : p.projectId() != null ? 2 : p.domainId() != null ? 1 : 0;
      int fields = switch (version) {
        case 0 -> 5; case 1, 2, 8 -> 6; case 3 -> 7; default -> 7;
      };
      pk.packArrayHeader(fields);
      pk.packInt(version);
      packId(pk, p.userId());
      pk.packInt(methodMask(p.methods()));
      switch (version) {
        case 1 -> packId(pk, p.domainId());
        case 2 -> packId(pk, p.projectId());
        case 8 -> pk.packString("all");
        case 3 -> packId(pk, p.projectId());
        case 9 -> packId(pk, p.projectId());
        default -> { }
      }
      pk.packDouble(p.expiresAt() / 1000.0);
      pk.packArrayHeader(p.auditIds().size());
      for (String a : p.auditIds()) {
        pk.packBinaryHeader(urlDecode(a).length);
        pk.writePayload(urlDecode(a));
      }
      if (version == 3) {
        packId(pk, p.trustId());
      } else if (version == 9) {
        packId(pk, p.appCredId());
      }
      Token t = Token.generate(keys.primary(), pk.toByteArray());
      return t.serialise().replace("=", "");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Decodes and verifies a token; a bad signature or an expired token is a 404 as in Keystone. */
  public TokenPayload decode(String token) {
    Token t;
    try {
      String padded = token + "=".repeat((4 - token.length() % 4) % 4);
      t = Token.fromString(padded);
    } catch (RuntimeException e) {
      throw ApiException.notFound("Could not recognize Fernet token");
    }
    byte[] raw;
    try {
      raw = t.validateAndDecrypt(keys.all(), new Validator<byte[]>() {
        @Override
        public TemporalAmount getTimeToLive() {
          return maxLifetime.plusMinutes(5);
        }

        @Override
        public Function<byte[], byte[]> getTransformer() {
          return b -> b;
        }
      });
    } catch (TokenValidationException e) {
      throw ApiException.notFound("Could not recognize Fernet token");
    }
    long issuedAt = t.getTimestamp().toEpochMilli();
    try (MessageUnpacker up = MessagePack.newDefaultUnpacker(raw)) {
      int n = up.unpackArrayHeader();
      int version = up.unpackInt();
      String user = unpackId(up);
      List<String> methods = methods(up.unpackInt());
      String project = null;
      String domain = null;
      boolean system = false;
      switch (version) {
        case 1 -> domain = unpackId(up);
        case 2, 3, 9 -> project = unpackId(up);
        case 8 -> system = "all".equals(up.unpackString());
        default -> { }
      }
      long expires = (long) (up.unpackDouble() * 1000);
      int na = up.unpackArrayHeader();
      List<String> audits = new ArrayList<>();
      for (int i = 0; i < na; i++) {
        byte[] b = up.readPayload(up.unpackBinaryHeader());
        audits.add(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
      }
      String trust = version == 3 ? unpackId(up) : null;
      String app = version == 9 ? unpackId(up) : null;
      if (n < 5) {
        throw ApiException.notFound("Could not recognize Fernet token");
      }
      return new TokenPayload(user, methods, project, domain, system, trust, app, issuedAt, expires,
          audits);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiException a) {
        throw a;
      }
      throw ApiException.notFound("Could not recognize Fernet token");
    }
  }

  private static int methodMask(List<String> methods) {
    int m = 0;
    for (String s : methods) {
      int i = METHODS.indexOf(s);
      if (i >= 0) {
        m |= 1 << i;
      }
    }
    return m;
  }

  private static List<String> methods(int mask) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < METHODS.size(); i++) {
      if ((mask & (1 << i)) != 0) {
        out.add(METHODS.get(i));
      }
    }
    return out;
  }

  private static void packId(MessageBufferPacker pk, String id) throws IOException {
    pk.packArrayHeader(2);
    if (id != null && id.matches("[0-9a-f]{32}")) {
      pk.packBoolean(true);
      UUID u = UUID.fromString(id.replaceFirst(
          "(\\p{XDigit}{8})(\\p{XDigit}{4})(\\p{XDigit}{4})(\\p{XDigit}{4})(\\p{XDigit}+)",
          "$1-$2-$3-$4-$5"));
      ByteBuffer bb = ByteBuffer.allocate(16);
      bb.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
      pk.packBinaryHeader(16);
      pk.writePayload(bb.array());
    } else {
      pk.packBoolean(false);
      pk.packString(id == null ? "" : id);
    }
  }

  private static String unpackId(MessageUnpacker up) throws IOException {
    up.unpackArrayHeader();
    boolean uuid = up.unpackBoolean();
    if (uuid) {
      byte[] b = up.readPayload(up.unpackBinaryHeader());
      ByteBuffer bb = ByteBuffer.wrap(b);
      return new UUID(bb.getLong(), bb.getLong()).toString().replace("-", "");
    }
    return up.unpackString();
  }

  private static byte[] urlDecode(String s) {
    return Base64.getUrlDecoder().decode(s);
  }
}
