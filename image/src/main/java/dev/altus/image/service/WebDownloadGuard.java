package dev.altus.image.service;

import dev.altus.common.error.ApiException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decides which URLs web-download may fetch: http or https only, and never a loopback, private
 * (RFC 1918, IPv6 unique-local), link-local, wildcard or multicast address unless the host or the
 * address is in the operator's allow-list. Every address the name resolves to is checked, and
 * every redirect hop is checked again by the caller. The name is resolved once: the addresses
 * checked are the addresses the fetch connects to ({@link PinnedHttpGet}), so a DNS answer that
 * changes between the check and the connection cannot lead the fetch into an internal network.
 */
final class WebDownloadGuard {
  /** Name resolution, replaceable in tests. */
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** A checked URL and the addresses it may be fetched from, in the resolver's order. */
  record Target(URI uri, List<InetAddress> addresses) {}

  private final List<String> allowed;
  private final Resolver resolver;

  WebDownloadGuard(List<String> allowedHosts) {
    this(allowedHosts, InetAddress::getAllByName);
  }

  WebDownloadGuard(List<String> allowedHosts, Resolver resolver) {
    this.allowed = allowedHosts.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    this.resolver = resolver;
  }

  Target check(String uri) {
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
    InetAddress[] addrs;
    try {
      addrs = resolver.resolve(h);
    } catch (UnknownHostException e) {
      throw ApiException.badRequest("The web-download host " + h + " cannot be resolved.");
    }
    if (addrs.length == 0) {
      throw ApiException.badRequest("The web-download host " + h + " has no address.");
    }
    if (allowed.contains(h.toLowerCase(Locale.ROOT))) {
      return new Target(u, Arrays.asList(addrs));
    }
    for (InetAddress a : addrs) {
      if (restricted(a) && !allowed.contains(a.getHostAddress().toLowerCase(Locale.ROOT))) {
        throw ApiException.forbidden("web-download from " + h + " (" + a.getHostAddress()
            + ") is not allowed: the address is loopback, private or link-local (an operator may"
            + " allow a host or address in image.web_download_allowed_hosts).");
      }
    }
    return new Target(u, Arrays.asList(addrs));
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
