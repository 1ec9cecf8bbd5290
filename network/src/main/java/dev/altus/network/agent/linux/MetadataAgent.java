package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.auth.MetadataSecret;
import dev.altus.common.json.Json;
import dev.altus.network.agent.AgentReports;
import dev.altus.network.agent.DataPlaneAgent;
import dev.altus.network.agent.Heartbeat;
import dev.altus.network.agent.ResourceChange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata agent: a small HTTP/1.1 forwarder on a Unix socket that the metadata proxies of
 * every namespace send guests' requests to. It finds the guest's port by its address on the network
 * (or the router's networks) the proxy named, and asks the metadata service on the guest's behalf
 * with {@code X-Instance-ID} (the port's device), {@code X-Tenant-ID} (its project) and
 * {@code X-Instance-ID-Signature} (hex HMAC-SHA256 of the instance id with the shared secret), so
 * the service answers for that guest alone. An address that is no instance's port gets 404.
 */
public final class MetadataAgent implements DataPlaneAgent, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataAgent.class);
  private static final int MAX_HEAD = 16 * 1024;
  private static final int MAX_BODY = 64 * 1024;
  private final Path socket;
  private final ResourceView state = new ResourceView();
  private final String hostName;
  private final Duration reportInterval;
  private Heartbeat heartbeat;
  private final URI service;
  private final MetadataSecret secret;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private ServerSocketChannel server;
  private Thread acceptor;

  /**
   * @param hostName the host this agent serves (its registration)
   * @param socket the Unix socket the proxies forward to
   * @param serviceUrl the metadata service (Nova's, port 8775)
   * @param secret the secret shared with the metadata service
   */
  public MetadataAgent(String hostName, Duration reportInterval, Path socket, String serviceUrl,
      String secret) {
    this.hostName = hostName;
    this.reportInterval = reportInterval;
    this.socket = socket;
    this.service = URI.create(serviceUrl.replaceAll("/+$", ""));
    this.secret = new MetadataSecret(secret);
  }

  public Path socket() {
    return socket;
  }

  @Override
  public String agentType() {
    return "Metadata agent";
  }

  @Override
  public String binary() {
    return "neutron-metadata-agent";
  }

  @Override
  public String topic() {
    return "N/A";
  }

  @Override
  public ObjectNode configurations() {
    ObjectNode c = Json.object();
    c.put("metadata_proxy_socket", socket.toString());
    c.put("nova_metadata_host", service.getHost());
    c.put("nova_metadata_port", service.getPort());
    c.put("nova_metadata_protocol", service.getScheme());
    return c;
  }

  /** Listens on the socket, then heartbeats. */
  @Override
  public void start(AgentReports reports) {
    try {
      listen();
    } catch (IOException e) {
      throw new UncheckedIOException("the metadata agent cannot listen on " + socket, e);
    }
    heartbeat = new Heartbeat(this, hostName, reports, reportInterval);
  }

  /** Learns which port holds which address on which network. */
  @Override
  public void onChange(ResourceChange change) {
    state.apply(change);
  }

  @Override
  public void stop() {
    if (heartbeat != null) {
      heartbeat.stop();
    }
    close();
  }

  /** Listens on the socket (replacing a stale one from a previous run). */
  synchronized MetadataAgent listen() throws IOException {
    Files.createDirectories(socket.getParent());
    Files.deleteIfExists(socket);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    acceptor = Thread.ofPlatform().daemon().name("neutron-metadata-agent").start(this::accept);
    LOG.info("metadata agent on {} forwarding to {}", socket, service);
    return this;
  }

  private void accept() {
    while (server.isOpen()) {
      try {
        SocketChannel c = server.accept();
        Thread.ofVirtual().name("metadata-request").start(() -> serve(c));
      } catch (IOException e) {
        if (server.isOpen()) {
          LOG.warn("metadata agent: accept failed: {}", e.getMessage());
        }
      }
    }
  }

  private void serve(SocketChannel c) {
    try (c; InputStream in = Channels.newInputStream(c);
        OutputStream out = Channels.newOutputStream(c)) {
      Request req;
      try {
        req = Request.read(in);
      } catch (IllegalArgumentException e) {
        reply(out, 400, "text/plain", e.getMessage().getBytes(StandardCharsets.UTF_8));
        return;
      }
      Answer a = answer(req);
      reply(out, a.status(), a.contentType(), a.body());
    } catch (IOException e) {
      LOG.debug("metadata agent: connection ended: {}", e.getMessage());
    }
  }

  record Answer(int status, String contentType, byte[] body) {
    static Answer text(int status, String text) {
      return new Answer(status, "text/plain", text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** What the metadata service answers for this proxied request, or why it is not asked. */
  Answer answer(Request req) {
    String address = req.forwardedFor();
    String router = req.headers().get("x-neutron-router-id");
    String network = req.headers().get("x-neutron-network-id");
    if (address == null || router == null && network == null) {
      return Answer.text(400, "Bad Request: the request did not come through a metadata proxy");
    }
    Set<String> networks = new LinkedHashSet<>();
    if (router != null) {
      state.routerInterfaces(router).forEach(p -> networks.add(p.path("network_id").asText()));
    } else {
      networks.add(network);
    }
    Optional<ObjectNode> port = instancePort(networks, address);
    if (port.isEmpty() || port.get().path("device_id").asText().isEmpty()) {
      LOG.info("metadata request from {} via {} {}: no instance has that address", address,
          router != null ? "router" : "network", router != null ? router : network);
      return Answer.text(404, "Not Found");
    }
    String instance = port.get().path("device_id").asText();
    String project = Optional.ofNullable(RouterChanges.text(port.get(), "project_id"))
        .orElse(port.get().path("tenant_id").asText());
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(service + req.target()))
        .timeout(Duration.ofSeconds(30))
        .header("X-Instance-ID", instance)
        .header("X-Tenant-ID", project)
        .header("X-Instance-ID-Signature", secret.sign(instance))
        .header("X-Forwarded-For", address);
    String type = req.headers().get("content-type");
    if (type != null) {
      b.header("Content-Type", type);
    }
    b.method(req.method(), req.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(req.body()));
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(r.statusCode(), r.headers().firstValue("Content-Type")
          .orElse("text/plain"), r.body());
    } catch (IOException e) {
      LOG.warn("metadata service {} unreachable: {}", service, e.getMessage());
      return Answer.text(502, "Bad Gateway: the metadata service is unreachable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Answer.text(503, "Service Unavailable");
    }
  }

  /**
   * The port on one of {@code networkIds} that holds fixed address {@code ip}: who a request
   * comes from. Router and DHCP ports are not instances.
   */
  private Optional<ObjectNode> instancePort(Set<String> networkIds, String ip) {
    for (String net : networkIds) {
      for (ObjectNode p : state.portsOf(net)) {
        if (!p.path("device_owner").asText().startsWith("network:")
            && ResourceView.addresses(p).contains(ip)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  private static void reply(OutputStream out, int status, String type, byte[] body)
      throws IOException {
    String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: " + type
        + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 411 -> "Length Required";
      case 502 -> "Bad Gateway";
      default -> "Status";
    };
  }

  /**
   * A request as the proxy sent it.
   *
   * @param target path and query
   * @param headers by lower-case name (the last value of a repeated header)
   */
  record Request(String method, String target, Map<String, String> headers, byte[] body) {
    /** The guest's address: the last X-Forwarded-For entry, the one the proxy itself added. */
    String forwardedFor() {
      String v = headers.get("x-forwarded-for");
      if (v == null) {
        return null;
      }
      String[] parts = v.split(",");
      return parts[parts.length - 1].strip();
    }

    static Request read(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int last4 = 0;
      while (last4 != 0x0d0a0d0a) { // CR LF CR LF ends the head
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed before the request's head ended");
        }
        head.write(b);
        if (head.size() > MAX_HEAD) {
          throw new IllegalArgumentException("request head too large");
        }
        last4 = (last4 << 8) | b;
      }
      String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
      String[] first = lines[0].split(" ");
      if (first.length != 3 || !first[1].startsWith("/")) {
        throw new IllegalArgumentException("malformed request line");
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
          String value = lines[i].substring(colon + 1).strip();
          headers.merge(name, value, (a, b) -> name.equals("x-forwarded-for") ? a + ", " + b : b);
        }
      }
      if (headers.containsKey("transfer-encoding")) {
        throw new IllegalArgumentException("chunked request bodies are not accepted; send Content-Length");
      }
      int length = 0;
      if (headers.containsKey("content-length")) {
        try {
          length = Integer.parseInt(headers.get("content-length"));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad Content-Length");
        }
        if (length < 0 || length > MAX_BODY) {
          throw new IllegalArgumentException("request body too large");
        }
      }
      byte[] body = in.readNBytes(length);
      return new Request(first[0], first[1], headers, body);
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (server != null) {
        server.close();
      }
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      LOG.warn("cannot close the metadata agent's socket {}: {}", socket, e.getMessage());
    }
  }
}
