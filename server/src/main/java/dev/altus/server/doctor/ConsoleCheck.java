package dev.altus.server.doctor;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Console URLs open: the noVNC base URL (compute.novncproxy_base_url) answers with the noVNC
 * page, and it is not a loopback address while the APIs are reached at another one (a client on
 * another machine would get a URL that points at itself). Run in the cloud, and again by the
 * {@code altus doctor} command from where the clients are.
 */
final class ConsoleCheck implements DoctorCheck {
  private final String baseUrl;
  private final String apiHost;
  private final String from;

  /**
   * @param apiHost the address the APIs are reached at
   * @param from where the check runs, for the finding ("from the cloud", "from this machine")
   */
  ConsoleCheck(String baseUrl, String apiHost, String from) {
    this.baseUrl = baseUrl;
    this.apiHost = apiHost;
    this.from = from;
  }

  @Override
  public String name() {
    return "console";
  }

  @Override
  public List<Finding> run() {
    List<Finding> out = new ArrayList<>();
    URI uri;
    try {
      uri = URI.create(baseUrl);
      if (uri.getHost() == null || !List.of("http", "https").contains(uri.getScheme())) {
        throw new IllegalArgumentException("not an http(s) URL with a host");
      }
    } catch (IllegalArgumentException e) {
      return List.of(Finding.fail(name(), "compute.novncproxy_base_url " + baseUrl
          + " is not usable: " + e.getMessage(), "set compute.novncproxy_base_url to"
          + " http://<address clients reach>:6080/vnc_lite.html"));
    }
    if (loopback(uri.getHost()) && !loopback(apiHost)) {
      out.add(Finding.warn(name(), "the noVNC base URL " + baseUrl + " is a loopback address"
          + " while the APIs are reached at " + apiHost + ": a console URL opened on another"
          + " machine points at that machine itself", "set compute.novncproxy_base_url to"
          + " http://" + apiHost + ":" + port(uri) + uri.getRawPath()));
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    try {
      HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
          .GET().build(), HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() == 200) {
        out.add(Finding.ok(name(), "the noVNC base URL " + baseUrl + " answers " + from));
      } else {
        out.add(Finding.fail(name(), "the noVNC base URL " + baseUrl + " answers " + from
            + " with HTTP " + r.statusCode() + " instead of the noVNC page",
            r.statusCode() == 404 ? "install the noVNC client (apt-get install novnc) or set"
                + " compute.novnc_web to its directory; check the page name in the URL"
                : "check that the URL points at the cloud's console proxy"));
      }
    } catch (java.io.IOException e) {
      out.add(Finding.fail(name(), "the noVNC base URL " + baseUrl + " cannot be reached " + from
          + ": " + why(e) + "; console URLs will not open", "set compute.novncproxy_base_url to the address"
          + " and port the console proxy listens on as clients reach it (compute.novnc_port,"
          + " at the cloud's --host), or open that port in the firewall"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }

  /** The reason a connection failed, in words (the HTTP client often gives no message). */
  static String why(java.io.IOException e) {
    if (e instanceof java.net.http.HttpConnectTimeoutException
        || e instanceof java.net.http.HttpTimeoutException) {
      return "no answer within seconds (a firewall dropping the port, or no route)";
    }
    if (e instanceof java.net.ConnectException) {
      return "connection refused (nothing listens there)"
          + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static int port(URI u) {
    return u.getPort() > 0 ? u.getPort() : u.getScheme().equals("https") ? 443 : 80;
  }

  static boolean loopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
