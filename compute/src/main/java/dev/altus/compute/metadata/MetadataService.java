package dev.altus.compute.metadata;

import dev.altus.common.auth.MetadataSecret;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.FaultFormat;
import dev.altus.common.http.Router;
import dev.altus.compute.store.ServerStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata service (Nova's metadata API behind Neutron's metadata proxy): answers a guest's
 * requests for its own metadata. Each request names exactly one instance: the network side's
 * proxy found it from the network or router and the guest's address, and says so in
 * {@code X-Instance-ID} and {@code X-Tenant-ID} with {@code X-Instance-ID-Signature}, the
 * HMAC-SHA256 of the id under the shared secret. An unsigned or wrongly signed request is
 * refused; an instance of another project is not found. Only {@code /} (the version list)
 * needs no instance.
 */
public final class MetadataService {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataService.class);
  /** The longest password a guest may post: Nova's four chunks of 255 bytes. */
  static final int MAX_PASSWORD = 4 * 255;
  /** The deepest path served (/ec2/latest/meta-data/public-keys/0/openssh-key is 6). */
  private static final int MAX_DEPTH = 8;

  private final InstanceDataSource source;
  private final ServerStore servers;
  private final MetadataSecret secret;
  private final Router router = new Router();
  private final MetadataFaults faults = new MetadataFaults();

  /** @param secret the shared secret, or null to refuse every instance (none configured) */
  public MetadataService(InstanceDataSource source, ServerStore servers, MetadataSecret secret) {
    this.source = source;
    this.servers = servers;
    this.secret = secret;
    // guests carry no token: a request is trusted by its signed instance id (checked in handle)
    StringBuilder t = new StringBuilder();
    router.get("/", this::handle).markPublic("GET", "/");
    for (int i = 0; i < MAX_DEPTH; i++) {
      t.append("/{p").append(i).append('}');
      router.get(t.toString(), this::handle).markPublic("GET", t.toString());
      router.post(t.toString(), this::handle).markPublic("POST", t.toString());
    }
  }

  public Router router() {
    return router;
  }

  public FaultFormat faults() {
    return faults;
  }

  ApiResponse handle(ApiRequest req) {
    List<String> segments = MetadataTree.segments(req.path());
    if (segments.isEmpty()) {
      return document(MetadataTree.root());
    }
    InstanceData data = instance(req);
    InstanceMetadata md = new InstanceMetadata(data);
    MetadataTree.Answer answer = MetadataTree.lookup(md, segments);
    if (answer instanceof MetadataTree.Password) {
      return password(req, data);
    }
    if (req.method().equals("POST")) {
      throw ApiException.methodNotAllowed("Only the password may be posted; "
          + req.path() + " is read-only.");
    }
    if (answer instanceof MetadataTree.Document d) {
      return document(d);
    }
    throw ApiException.notFound("The resource could not be found.");
  }

  private static ApiResponse document(MetadataTree.Document d) {
    return ApiResponse.bytes(200, d.contentType(), d.body());
  }

  /** The instance the proxy signed for, or the refusal. */
  private InstanceData instance(ApiRequest req) {
    String id = single(req, "X-Instance-ID");
    String signature = single(req, "X-Instance-ID-Signature");
    String tenant = single(req, "X-Tenant-ID");
    String from = req.header("X-Forwarded-For").map(f -> f.split(",")[0].strip()).orElse(null);
    if (secret == null || !secret.verify(id, signature)) {
      LOG.warn("metadata request for instance {} from {} refused: the signature does not match",
          id, from);
      throw ApiException.forbidden("Invalid proxy request signature.");
    }
    InstanceData data = source.load(id).orElse(null);
    if (data == null) {
      LOG.info("metadata request for instance {} from {}: no such instance", id, from);
      throw ApiException.notFound("The resource could not be found.");
    }
    if (!data.server().projectId().equals(tenant)) {
      LOG.warn("metadata request for instance {} from {} names project {}, but the instance is"
          + " of project {}", id, from, tenant, data.server().projectId());
      throw ApiException.notFound("The resource could not be found.");
    }
    return data.from(from);
  }

  /** A header the proxy sends exactly once; absent or repeated is a bad request. */
  private static String single(ApiRequest req, String name) {
    List<String> values = req.headers().all(name);
    if (values.isEmpty()) {
      throw ApiException.badRequest(name + " header is missing from request.");
    }
    if (values.size() > 1) {
      throw ApiException.badRequest("Multiple " + name + " headers found within request.");
    }
    return values.get(0);
  }

  /** GET: the password the guest posted ("" when none); POST: sets it once. */
  private ApiResponse password(ApiRequest req, InstanceData data) {
    if (req.method().equals("GET") || req.method().equals("HEAD")) {
      return ApiResponse.bytes(200, MetadataTree.TEXT,
          data.password().getBytes(StandardCharsets.UTF_8));
    }
    if (!data.password().isEmpty()) {
      throw ApiException.conflict("A password is already set for this instance; an operator"
          + " clears it with 'nova clear-password'.");
    }
    byte[] body;
    try (InputStream in = req.bodyStream()) {
      body = in.readNBytes(MAX_PASSWORD + 1);
    } catch (IOException e) {
      throw ApiException.badRequest("Could not read the request body: " + e.getMessage());
    }
    if (body.length > MAX_PASSWORD) {
      throw ApiException.badRequest("Request is too large.");
    }
    if (!servers.passwordOnce(data.server().id(), new String(body, StandardCharsets.UTF_8))) {
      throw ApiException.conflict("A password is already set for this instance; an operator"
          + " clears it with 'nova clear-password'.");
    }
    return ApiResponse.bytes(200, MetadataTree.TEXT, new byte[0]);
  }
}
