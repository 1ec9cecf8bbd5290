package dev.altus.identity.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.json.Json;
import dev.altus.identity.model.Credential;
import dev.altus.identity.model.Project;
import dev.altus.identity.store.CredentialStore;
import dev.altus.identity.store.ProjectStore;
import dev.altus.identity.store.UserStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Rules for credentials. An ec2 credential's blob is a JSON object holding at least {@code access};
 * its id is the SHA-256 of the access key, so a key pair can be found from the access key alone,
 * and it must name a project. A credential made through a trust or an application credential
 * remembers it in the blob, and that binding can never change.
 */
public final class CredentialService {
  /** Blob keys that bind an ec2 credential to a delegation; they are fixed once set. */
  private static final List<String> BOUND_KEYS =
      List.of("trust_id", "app_cred_id", "access_token_id", "access_id");
  private final CredentialStore creds;
  private final UserStore users;
  private final ProjectStore projects;

  public CredentialService(CredentialStore creds, UserStore users, ProjectStore projects) {
    this.creds = Objects.requireNonNull(creds);
    this.users = Objects.requireNonNull(users);
    this.projects = Objects.requireNonNull(projects);
  }

  public Credential get(String id) {
    return creds.find(id)
        .orElseThrow(() -> ApiException.notFound("Could not find credential: " + id + "."));
  }

  /** Credentials, optionally only one user's and/or one type's. */
  public List<Credential> list(String userId, String type) {
    return creds.list(userId, type);
  }

  /**
   * Creates a credential. {@code trustId} and {@code appCredId} name the delegation the caller's
   * token came from, if any; an ec2 credential made with it stays bound to it.
   */
  public Credential create(String userId, String projectId, String type, String blob,
      ObjectNode extra, String trustId, String appCredId) {
    requireUser(userId);
    if (projectId != null) {
      requireProject(projectId);
    }
    String id = Ids.newId();
    String storedBlob = blob;
    if (Credential.EC2.equalsIgnoreCase(type)) {
      if (projectId == null) {
        throw ApiException.badRequest("Invalid input for field 'project_id': an ec2 credential needs a project_id.");
      }
      ObjectNode b = ec2Blob(blob);
      ensureAccessFree(b.get("access").asText(), null);
      id = accessKeyId(b.get("access").asText());
      if (trustId != null) {
        b.put("trust_id", trustId);
      }
      if (appCredId != null) {
        b.put("app_cred_id", appCredId);
      }
      storedBlob = Json.text(b);
    }
    Credential c = new Credential(id, userId, projectId, type, storedBlob, extra);
    insert(c);
    return get(id);
  }

  /** Saves a credential's new state; an ec2 credential keeps its delegation binding and project. */
  public Credential update(Credential before, Credential after) {
    if (!before.userId().equals(after.userId())) {
      requireUser(after.userId());
    }
    if (after.projectId() != null && !after.projectId().equals(before.projectId())) {
      requireProject(after.projectId());
    }
    if (after.isEc2()) {
      if (after.projectId() == null) {
        throw ApiException.badRequest("Invalid input for field 'project_id': an ec2 credential needs a project_id.");
      }
      ObjectNode newBlob = ec2Blob(after.blob());
      ensureAccessFree(newBlob.get("access").asText(), before.id());
      if (before.isEc2() && !before.blob().equals(after.blob())) {
        JsonNode oldBlob = parseOrEmpty(before.blob());
        for (String key : BOUND_KEYS) {
          if (!Objects.equals(valueOf(oldBlob.get(key)), valueOf(newBlob.get(key)))) {
            throw ApiException.badRequest(key + " can not be updated for credential");
          }
        }
      }
    }
    creds.update(new Credential(before.id(), after.userId(), after.projectId(), after.type(),
        after.blob(), after.extra()));
    return get(before.id());
  }

  public void delete(String id) {
    if (!creds.delete(get(id).id())) {
      throw ApiException.notFound("Could not find credential: " + id + ".");
    }
  }

  /** A new ec2 key pair (random access and secret) for a user on a project. */
  public Credential createEc2(String userId, String projectId, String trustId, String appCredId) {
    ObjectNode blob = Json.object();
    blob.put("access", Ids.newId());
    blob.put("secret", Ids.newId());
    if (trustId != null) {
      blob.put("trust_id", trustId);
    } else {
      blob.putNull("trust_id");
    }
    if (appCredId != null) {
      blob.put("app_cred_id", appCredId);
    }
    requireUser(userId);
    Project p = projects.find(projectId).filter(x -> !x.isDomain())
        .orElseThrow(() -> ApiException.notFound("Could not find project: " + projectId + "."));
    Credential c = new Credential(accessKeyId(blob.get("access").asText()), userId, p.id(),
        Credential.EC2, Json.text(blob), Json.object());
    insert(c);
    return get(c.id());
  }

  /** A user's ec2 credentials. */
  public List<Credential> listEc2(String userId) {
    requireUser(userId);
    return creds.list(userId, Credential.EC2);
  }

  /** The user's ec2 credential with this access key. */
  public Credential findEc2(String userId, String access) {
    requireUser(userId);
    Optional<Credential> byId = creds.find(accessKeyId(access))
        .filter(c -> c.isEc2() && c.userId().equals(userId) && access.equals(ec2Access(c)));
    return byId.or(() -> creds.list(userId, Credential.EC2).stream()
            .filter(c -> access.equals(ec2Access(c))).findFirst())
        .orElseThrow(() -> ApiException.notFound("Could not find credential: " + access + "."));
  }

  /** The access key in an ec2 credential's blob, or null if the blob holds none. */
  public static String ec2Access(Credential c) {
    JsonNode a = parseOrEmpty(c.blob()).get("access");
    return a != null && a.isTextual() ? a.asText() : null;
  }

  /** The blob of an ec2 credential as a JSON object (empty if it is not one). */
  public static JsonNode blobObject(Credential c) {
    return parseOrEmpty(c.blob());
  }

  /** The id of the ec2 credential whose access key is {@code access}: its SHA-256, in hex. */
  public static String accessKeyId(String access) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(access.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void insert(Credential c) {
    try {
      creds.insert(c);
    } catch (RuntimeException e) {
      if (ProjectService.isUnique(e)) {
        throw ApiException.conflict("Conflict occurred attempting to store credential - Duplicate entry found with ID " + c.id() + ".");
      }
      throw e;
    }
  }

  /** An access key names one ec2 credential: no other credential ({@code except} aside) may hold it. */
  private void ensureAccessFree(String access, String except) {
    for (Credential c : creds.list(null, Credential.EC2)) {
      if (!c.id().equals(except) && access.equals(ec2Access(c))) {
        throw ApiException.conflict("Conflict occurred attempting to store credential - the ec2"
            + " access key " + access + " is already in use.");
      }
    }
  }

  private void requireUser(String userId) {
    users.find(userId).orElseThrow(() -> ApiException.notFound("Could not find user: " + userId + "."));
  }

  private void requireProject(String projectId) {
    projects.find(projectId).filter(p -> !p.isDomain())
        .orElseThrow(() -> ApiException.notFound("Could not find project: " + projectId + "."));
  }

  private static ObjectNode ec2Blob(String blob) {
    JsonNode b;
    try {
      b = blob == null ? null : Json.parse(blob);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("Invalid blob in credential: it is not valid JSON.");
    }
    if (b == null || !b.isObject() || b.isEmpty()) {
      throw ApiException.badRequest("Invalid input for field 'blob': an ec2 credential's blob must be a JSON object.");
    }
    JsonNode access = b.get("access");
    if (access == null || access.isNull()) {
      throw ApiException.badRequest("Invalid input for field 'blob': an ec2 credential's blob needs an 'access' key.");
    }
    if (!access.isTextual() || access.asText().isEmpty()) {
      throw ApiException.badRequest("Invalid input for field 'blob': 'access' must be a non-empty string.");
    }
    return (ObjectNode) b;
  }

  private static JsonNode valueOf(JsonNode n) {
    return n == null || n.isNull() ? null : n;
  }

  private static JsonNode parseOrEmpty(String blob) {
    try {
      JsonNode n = blob == null ? null : Json.parse(blob);
      return n != null && n.isObject() ? n : Json.object();
    } catch (IllegalArgumentException e) {
      return Json.object();
    }
  }
}
