package dev.altus.identity.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import dev.altus.identity.model.AccessRule;
import dev.altus.identity.model.ApplicationCredential;
import dev.altus.identity.model.Role;
import dev.altus.identity.model.Trust;
import dev.altus.identity.store.ApplicationCredentialStore;
import dev.altus.identity.store.TrustStore;
import dev.altus.identity.token.TokenPayload;
import java.util.List;
import java.util.Objects;

/**
 * What trusts and application credentials add to tokens: the roles such a token carries (see
 * {@link TokenService.TokenScopeChecks}) and the {@code OS-TRUST:trust} and {@code
 * application_credential} sections of its body.
 */
public final class DelegatedTokens implements TokenService.TokenScopeChecks {
  private final TrustService trusts;
  private final ApplicationCredentialService appCreds;
  private final TrustStore trustStore;
  private final ApplicationCredentialStore appCredStore;

  public DelegatedTokens(TrustService trusts, ApplicationCredentialService appCreds,
      TrustStore trustStore, ApplicationCredentialStore appCredStore) {
    this.trusts = Objects.requireNonNull(trusts);
    this.appCreds = Objects.requireNonNull(appCreds);
    this.trustStore = Objects.requireNonNull(trustStore);
    this.appCredStore = Objects.requireNonNull(appCredStore);
  }

  @Override
  public List<Role> restrictRoles(TokenPayload p, List<Role> roles) {
    if (p.trustId() != null) {
      return trusts.restrict(p);
    }
    if (p.appCredId() != null) {
      return appCreds.restrict(p, roles);
    }
    return roles;
  }

  /** The extra sections of a validated token's body. */
  public ObjectNode extras(TokenService.Validated v) {
    ObjectNode out = Json.object();
    TokenPayload p = v.payload();
    if (p.trustId() != null) {
      trustStore.find(p.trustId()).ifPresent(t -> out.set("OS-TRUST:trust", trustSection(t)));
    }
    if (p.appCredId() != null) {
      appCredStore.find(p.appCredId())
          .ifPresent(c -> out.set("application_credential", appCredSection(c)));
    }
    return out;
  }

  private static ObjectNode trustSection(Trust t) {
    ObjectNode o = Json.object();
    o.put("id", t.id());
    o.put("impersonation", t.impersonation());
    o.putObject("trustee_user").put("id", t.trusteeUserId());
    o.putObject("trustor_user").put("id", t.trustorUserId());
    return o;
  }

  private static ObjectNode appCredSection(ApplicationCredential c) {
    ObjectNode o = Json.object();
    o.put("id", c.id());
    o.put("name", c.name());
    o.put("restricted", !c.unrestricted());
    if (!c.accessRules().isEmpty()) {
      ArrayNode rules = o.putArray("access_rules");
      for (AccessRule r : c.accessRules()) {
        rules.addObject().put("id", r.id()).put("service", r.service()).put("path", r.path())
            .put("method", r.method());
      }
    }
    return o;
  }
}
