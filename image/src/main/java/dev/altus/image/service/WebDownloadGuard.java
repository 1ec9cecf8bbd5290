package dev.altus.image.service;

import dev.altus.common.error.ApiException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Decides which URLs web-download may fetch: http or https only, and never a loopback, private
 * (RFC 1918, IPv6 unique-local), link-local, wildcard or multicast address unless the host or the
 * address is in the operator's allow-list. Every address the name resolves to is checked, and
 * every redirect hop is checked again by the caller.
 */
final class WebDownloadGuard {
  private final List<String> allowed;

  WebDownloadGuard(List<String> allowedHosts) {
    this.allowed = allowedHosts.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
  }

  URI check(String uri) {
    URI u;
    try {
      u = URI.create(uri);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("Invalid URI for web-download: " + uri);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw ApiException.badRequest("web-download URIs must be http or https, not '" + uri + "'.");
    }
    String host = u.getHost();
    if (host == null || host.isEmpty()) {
      throw ApiException.badRequest("The web-download URI names no host: " + uri);
    }
    if (u.getUserInfo() != null) {
      throw ApiException.badRequest("web-download URIs may not carry credentials.");
    }
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (allowed.contains(h.toLowerCase(Locale.ROOT))) {
      return u;
    }
    InetAddress[] addrs;
    try {
      addrs = InetAddress.getAllByName(h);
    } catch (UnknownHostException e) {
      throw ApiException.badRequest("The web-download host " + h + " cannot be resolved.");
    }
    for (InetAddress a : addrs) {
      if (restricted(a) && !allowed.contains(a.getHostAddress().toLowerCase(Locale.ROOT))) {
        throw ApiException.forbidden("web-download from " + h + " (" + a.getHostAddress()
            + ") is not allowed: the address is loopback, private or link-local.");
      }
    }
    return u;
  }

  static boolean restricted(InetAddress a) {
    if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()
        || a.isAnyLocalAddress() || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      return (b[0] & 0xfe) == 0xfc; // fc00::/7 unique local
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first == 0 || (first == 100 && second >= 64 && second < 128) // shared address space
        || (first == 169 && second == 254) || first >= 240;
  }
}
