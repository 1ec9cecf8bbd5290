package dev.altus.identity;

import dev.altus.common.db.Database;
import dev.altus.common.http.FaultFormat;
import dev.altus.common.http.Router;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.api.AccessRuleResource;
import dev.altus.identity.api.ApplicationCredentialResource;
import dev.altus.identity.api.AuthResource;
import dev.altus.identity.api.CredentialResource;
import dev.altus.identity.api.DomainResource;
import dev.altus.identity.api.Ec2CredentialResource;
import dev.altus.identity.api.GroupResource;
import dev.altus.identity.api.IdentityFaults;
import dev.altus.identity.api.IdentityPolicies;
import dev.altus.identity.api.IdentityResource;
import dev.altus.identity.api.GrantResource;
import dev.altus.identity.api.ImpliedRoleResource;
import dev.altus.identity.api.RoleAssignmentResource;
import dev.altus.identity.api.ProjectResource;
import dev.altus.identity.api.RoleResource;
import dev.altus.identity.api.TrustResource;
import dev.altus.identity.api.UserResource;
import dev.altus.identity.api.VersionResource;
import dev.altus.identity.service.ApplicationCredentialService;
import dev.altus.identity.service.AssignmentService;
import dev.altus.identity.service.AuthService;
import dev.altus.identity.service.Bootstrap;
import dev.altus.identity.service.DelegatedTokens;
import dev.altus.identity.service.GrantService;
import dev.altus.identity.service.ImpliedRoleService;
import dev.altus.identity.service.RoleAssignmentService;
import dev.altus.identity.service.CredentialService;
import dev.altus.identity.service.GroupService;
import dev.altus.identity.service.IdentityEvents;
import dev.altus.identity.service.PasswordHasher;
import dev.altus.identity.service.ProjectService;
import dev.altus.identity.service.TokenRenderer;
import dev.altus.identity.service.TokenService;
import dev.altus.identity.service.TrustService;
import dev.altus.identity.service.UserService;
import dev.altus.identity.store.ApplicationCredentialStore;
import dev.altus.identity.store.CatalogStore;
import dev.altus.identity.store.GroupLookup;
import dev.altus.identity.store.CredentialCipher;
import dev.altus.identity.store.CredentialStore;
import dev.altus.identity.store.GroupStore;
import dev.altus.identity.store.ProjectStore;
import dev.altus.identity.store.RevocationStore;
import dev.altus.identity.store.RoleStore;
import dev.altus.identity.store.TrustStore;
import dev.altus.identity.store.UserStore;
import dev.altus.identity.token.FernetKeyRepository;
import dev.altus.identity.token.FernetTokenCodec;
import dev.altus.identity.api.ConsumerResource;
import dev.altus.identity.api.DomainConfigResource;
import dev.altus.identity.api.EndpointFilterResource;
import dev.altus.identity.api.EndpointResource;
import dev.altus.identity.api.PolicyResource;
import dev.altus.identity.api.RegionResource;
import dev.altus.identity.api.ServiceResource;
import dev.altus.identity.service.CatalogService;
import dev.altus.identity.service.DomainConfigService;
import dev.altus.identity.service.EndpointFilterService;
import dev.altus.identity.store.ConsumerStore;
import dev.altus.identity.store.DomainConfigStore;
import dev.altus.identity.store.EndpointFilterStore;
import dev.altus.identity.store.PolicyStore;
import java.util.stream.Collectors;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Wires the identity service by hand: stores, services, resources and the router. Every write
 * through the API bumps {@link IdentityEvents} so token and role caches see it at once.
 */
public final class IdentityModule {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(IdentityModule.class);
  public final IdentityConfig config;
  public final Database db;
  public final IdentityEvents events = new IdentityEvents();
  public final ProjectStore projectStore;
  public final UserStore userStore;
  public final RoleStore roleStore;
  public final CatalogStore catalogStore;
  public final RevocationStore revocationStore;
  public final FernetKeyRepository keys;
  public final PasswordHasher hasher;
  public final AssignmentService assignments;
  public final TokenService tokens;
  public final TokenRenderer renderer;
  public final AuthService auth;
  public final ProjectService projects;
  public final UserService users;
  public final PolicyEngine policy;
  public final Bootstrap bootstrap;
  // Delegation: application credentials, access rules and trusts.
  public final ApplicationCredentialStore appCredStore;
  public final TrustStore trustStore;
  public final ApplicationCredentialService appCreds;
  public final TrustService trusts;
  // roles and assignments
  public final GroupLookup groupLookup;
  public final GrantService grants;
  public final ImpliedRoleService impliedRoles;
  public final RoleAssignmentService roleAssignments;
  // Users area: groups and credentials.
  public final GroupStore groupStore;
  public final CredentialStore credentialStore;
  /** The keys credential blobs are encrypted with (DATA_DIR/credential-keys). */
  public final FernetKeyRepository credentialKeys;
  public final GroupService groups;
  public final CredentialService credentials;
  private final List<IdentityResource> resources = new ArrayList<>();

  public IdentityModule(IdentityConfig config, Database db, Clock clock) {
    this.config = config;
    this.db = db;
    var jdbi = db.jdbi();
    projectStore = new ProjectStore(jdbi);
    userStore = new UserStore(jdbi);
    roleStore = new RoleStore(jdbi);
    catalogStore = new CatalogStore(jdbi);
    revocationStore = new RevocationStore(jdbi);
    keys = new FernetKeyRepository(config.keyDir(), config.maxActiveKeys()).initialize();
    hasher = new PasswordHasher(config.bcryptCost());
    assignments = new AssignmentService(roleStore, userStore, projectStore);
    tokens = new TokenService(new FernetTokenCodec(keys, config.tokenLifetime()), userStore,
        projectStore, assignments, revocationStore, events, clock, config.tokenLifetime());
    renderer = new TokenRenderer(projectStore, catalogStore);
    auth = new AuthService(userStore, projectStore, assignments, tokens, hasher);
    projects = new ProjectService(jdbi, projectStore, roleStore, tokens);
    users = new UserService(userStore, projectStore, hasher, tokens, clock, config.passwords());
    policy = new PolicyEngine(IdentityPolicies.BASE);
    bootstrap = new Bootstrap(projectStore, userStore, roleStore, catalogStore, hasher);

    resources.add(new VersionResource());
    resources.add(new AuthResource(auth, tokens, renderer, assignments, policy));
    resources.add(new DomainResource(projects, policy));
    resources.add(new ProjectResource(projects, policy));
    resources.add(new UserResource(users, assignments, policy));
    resources.add(new RoleResource(roleStore, projects, policy));

    // Delegation: application credentials, access rules and trusts. Their tokens get their roles
    // narrowed by DelegatedTokens and their extra body sections from it.
    appCredStore = new ApplicationCredentialStore(jdbi);
    trustStore = new TrustStore(jdbi);
    appCreds = new ApplicationCredentialService(appCredStore, userStore, projectStore, roleStore,
        assignments, hasher, clock);
    trusts = new TrustService(trustStore, appCredStore, userStore, projectStore, roleStore,
        assignments, tokens, clock);
    DelegatedTokens delegated = new DelegatedTokens(trusts, appCreds, trustStore, appCredStore);
    auth.applicationCredentials(appCreds);
    auth.trusts(trusts);
    tokens.scopeChecks(delegated);
    renderer.extras(delegated::extras);
    resources.add(new ApplicationCredentialResource(appCreds, policy));
    resources.add(new AccessRuleResource(appCreds, policy));
    resources.add(new TrustResource(trusts, policy));
    // --- Roles and assignments: implied roles, grants of every kind, role_assignments ---
    groupLookup = new GroupLookup(jdbi);
    grants = new GrantService(roleStore, projectStore, userStore, groupLookup);
    impliedRoles = new ImpliedRoleService(roleStore);
    roleAssignments = new RoleAssignmentService(roleStore, projectStore, groupLookup);
    resources.add(new GrantResource(grants, policy));
    resources.add(new ImpliedRoleResource(impliedRoles, policy));
    resources.add(new RoleAssignmentResource(roleAssignments, roleStore, projectStore, userStore,
        groupLookup, policy));
    // --- end of roles and assignments ---

    // ---- catalog area: regions, services, endpoints, endpoint filter, policies, domain config,
    // OAuth1 consumers ----
    var endpointFilterStore = new EndpointFilterStore(jdbi);
    var catalogService = new CatalogService(catalogStore, endpointFilterStore);
    var endpointFilter = new EndpointFilterService(endpointFilterStore, catalogStore, projectStore);
    renderer.projectEndpoints(projectId -> endpointFilter.endpointsForProject(projectId).stream()
        .map(CatalogStore.Endpoint::id).collect(Collectors.toSet()));
    resources.add(new RegionResource(catalogService, policy));
    resources.add(new ServiceResource(catalogService, policy));
    resources.add(new EndpointResource(catalogService, policy));
    resources.add(new EndpointFilterResource(endpointFilter, policy));
    resources.add(new PolicyResource(new PolicyStore(jdbi), policy));
    resources.add(new DomainConfigResource(
        new DomainConfigService(new DomainConfigStore(jdbi), projectStore), policy));
    resources.add(new ConsumerResource(new ConsumerStore(jdbi), policy));
    // ---- end of catalog area ----

    // --- Users area: groups and memberships, credentials, EC2 credentials ---
    groupStore = new GroupStore(jdbi);
    credentialKeys = new FernetKeyRepository(config.credentialKeyDir(), 3).initialize();
    credentialStore = new CredentialStore(jdbi, new CredentialCipher(credentialKeys));
    encryptCredentials();
    groups = new GroupService(groupStore, userStore, projectStore, tokens);
    credentials = new CredentialService(credentialStore, userStore, projectStore);
    resources.add(new GroupResource(groups, users, policy));
    resources.add(new CredentialResource(credentials, policy));
    resources.add(new Ec2CredentialResource(credentials, policy));
    auth.passwordGuard(users.lockout());
    // --- end of users area ---

    for (IdentityResource r : resources) {
      policy.addDefaults(r.policies());
    }
    if (config.policyFile() != null) {
      policy.loadOverrides(config.policyFile());
    }
  }

  /** The identity API's routes; writes bump the cache generation. */
  public Router router() {
    Router inner = new Router();
    for (IdentityResource res : resources) {
      res.routes(inner);
    }
    return new WriteTrackingRouter(inner, events).router();
  }

  public FaultFormat faults() {
    return new IdentityFaults();
  }

  /** The file that says which key every credential is encrypted with, once all are. */
  private static final String MIGRATED_MARKER = "migrated";

  /**
   * Whether every credential is known to be encrypted with the primary key of the repository in
   * {@code dir} ({@link #encryptCredentials} recorded it): only then may a rotation drop a key.
   */
  public static boolean credentialsOnPrimaryKey(java.nio.file.Path dir,
      FernetKeyRepository keys) throws java.io.IOException {
    java.nio.file.Path marker = dir.resolve(MIGRATED_MARKER);
    return java.nio.file.Files.exists(marker) && java.nio.file.Files.readString(marker).trim()
        .equals(CredentialCipher.hashOf(keys.primary()));
  }

  /**
   * Encrypts every credential not yet encrypted with the primary credential key, then records
   * that primary in {@code credential-keys/migrated}: a key rotation is safe only once that file
   * names the primary (no row still needs the key the rotation may drop). Returns the rows
   * rewritten.
   */
  public int encryptCredentials() {
    int n = credentialStore.encryptAll();
    try {
      java.nio.file.Files.writeString(config.credentialKeyDir().resolve(MIGRATED_MARKER),
          CredentialCipher.hashOf(credentialKeys.primary()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write "
          + config.credentialKeyDir().resolve(MIGRATED_MARKER), e);
    }
    if (n > 0) {
      LOG.info("{} credentials encrypted with the primary credential key", n);
    }
    return n;
  }
}
