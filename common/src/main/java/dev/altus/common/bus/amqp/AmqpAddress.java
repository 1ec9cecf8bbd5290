package dev.altus.common.bus.amqp;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A broker's address from {@code bus.url}: {@code amqp://user:password@host:port/vhost} (or
 * {@code amqps://} for TLS). Every refusal names the key; {@link #toString} never shows the
 * password, so the address can be logged and put in error messages.
 */
public record AmqpAddress(boolean tls, String user, String password, String host, int port,
    String vhost) {

  public static AmqpAddress parse(String url) {
    URI u;
    try {
      u = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw bad("is not a URL (" + e.getReason() + ")");
    }
    String scheme = u.getScheme();
    if (!"amqp".equals(scheme) && !"amqps".equals(scheme)) {
      throw bad("must start with amqp:// or amqps://");
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      throw bad("has no host");
    }
    String info = u.getRawUserInfo();
    if (info == null || !info.contains(":") || info.startsWith(":")) {
      throw bad("has no user and password (amqp://user:password@host:port/vhost): each role has"
          + " its own broker user");
    }
    boolean tls = "amqps".equals(scheme);
    int port = u.getPort() == -1 ? (tls ? 5671 : 5672) : u.getPort();
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    String vhost = path.isEmpty() || path.equals("/") ? "/" : decode(path.substring(1));
    if (!vhost.equals("/") && vhost.contains("/")) {
      throw bad("has a path of more than one segment; the path is the virtual host");
    }
    int colon = info.indexOf(':');
    return new AmqpAddress(tls, decode(info.substring(0, colon)), decode(info.substring(colon + 1)),
        u.getHost(), port, vhost);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static IllegalArgumentException bad(String why) {
    return new IllegalArgumentException("bus.url " + why
        + "; for example amqp://altus-compute:PASSWORD@controller:5672/altus");
  }

  /** host:port, for messages. */
  public String hostPort() {
    return host + ":" + port;
  }

  @Override
  public String toString() {
    return (tls ? "amqps://" : "amqp://") + user + "@" + hostPort() + "/"
        + (vhost.equals("/") ? "" : vhost);
  }
}
