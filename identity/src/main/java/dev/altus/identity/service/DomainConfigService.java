package dev.altus.identity.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.json.Json;
import dev.altus.identity.model.Project;
import dev.altus.identity.store.DomainConfigStore;
import dev.altus.identity.store.DomainConfigStore.Option;
import dev.altus.identity.store.ProjectStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Domain-specific configuration: only the groups and options of {@link DomainConfigOptions} may be
 * set (anything else is a 403, as in Keystone); sensitive options are stored but never returned.
 */
public final class DomainConfigService {
  /** The result of replacing a domain's configuration: whether it is new, and what is readable. */
  public record Created(boolean isNew, ObjectNode config) {}

  private static final int MAX_VALUE = 65535;
  private final DomainConfigStore store;
  private final ProjectStore projects;

  public DomainConfigService(DomainConfigStore store, ProjectStore projects) {
    this.store = Objects.requireNonNull(store);
    this.projects = Objects.requireNonNull(projects);
  }

  private void requireDomain(String domainId) {
    projects.find(domainId).filter(Project::isDomain)
        .orElseThrow(() -> ApiException.notFound("Could not find domain: " + domainId + "."));
  }

  private static ApiException invalid(String reason) {
    return ApiException.forbidden("Invalid domain specific configuration: " + reason + ".");
  }

  private static ApiException notFound(String domainId, String what) {
    return ApiException.notFound("Could not find Domain Configuration: " + what + " for domain "
        + domainId + ".");
  }

  /** Group (and option, when not null) must be ones a domain may configure. */
  static void checkGroupAndOption(String group, String option) {
    if (group == null) {
      return;
    }
    if (!DomainConfigOptions.isGroup(group)) {
      throw invalid("Group " + group + " is not supported for domain specific configurations");
    }
    if (option != null && !DomainConfigOptions.isPublic(group, option)
        && !DomainConfigOptions.isSensitive(group, option)) {
      throw invalid("Option " + option + " in group " + group
          + " is not supported for domain specific configurations");
    }
  }

  /** Turns {@code {"group": {"option": value}}} into options, checking each one. */
  static List<Option> parse(JsonNode config) {
    if (config == null || config.isNull() || (config.isObject() && config.isEmpty())) {
      throw invalid("No options specified");
    }
    if (!config.isObject()) {
      throw ApiException.badRequest("Invalid input for field 'config': expected an object.");
    }
    List<Option> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> g = config.fields(); g.hasNext(); ) {
      Map.Entry<String, JsonNode> group = g.next();
      if (!group.getValue().isObject() || group.getValue().isEmpty()) {
        throw invalid("The value of group " + group.getKey()
            + " specified in the config should be a dictionary of options");
      }
      checkGroupAndOption(group.getKey(), null);
      for (Iterator<Map.Entry<String, JsonNode>> o = group.getValue().fields(); o.hasNext(); ) {
        Map.Entry<String, JsonNode> opt = o.next();
        checkGroupAndOption(group.getKey(), opt.getKey());
        if (Json.text(opt.getValue()).length() > MAX_VALUE) {
          throw ApiException.badRequest("Invalid input for option '" + opt.getKey()
              + "': value is too long (maximum " + MAX_VALUE + ").");
        }
        out.add(new Option(group.getKey(), opt.getKey(), opt.getValue(),
            DomainConfigOptions.isSensitive(group.getKey(), opt.getKey())));
      }
    }
    return out;
  }

  /** The readable part of the options as {@code {"group": {"option": value}}}. */
  private static ObjectNode render(List<Option> options) {
    ObjectNode out = Json.object();
    for (Option o : options) {
      if (!o.sensitive()) {
        ObjectNode g = out.has(o.group()) ? (ObjectNode) out.get(o.group()) : out.putObject(o.group());
        g.set(o.option(), o.value());
      }
    }
    return out;
  }

  /** Replaces the whole configuration of a domain. */
  public Created create(String domainId, JsonNode config) {
    requireDomain(domainId);
    List<Option> options = parse(config);
    boolean isNew = store.options(domainId).isEmpty();
    store.replace(domainId, options);
    return new Created(isNew, render(store.options(domainId)));
  }

  /**
   * The readable configuration of a domain, of one of its groups, or ({@code option} not null) of
   * one option as {@code {"option": value}}.
   */
  public ObjectNode get(String domainId, String group, String option) {
    requireDomain(domainId);
    checkGroupAndOption(group, option);
    List<Option> all = store.options(domainId);
    if (group == null) {
      if (all.isEmpty()) {
        throw notFound(domainId, "config");
      }
      return render(all);
    }
    List<Option> inGroup = all.stream().filter(o -> o.group().equals(group) && !o.sensitive()).toList();
    if (option == null) {
      if (inGroup.isEmpty()) {
        throw notFound(domainId, "group " + group);
      }
      return render(inGroup);
    }
    Option o = inGroup.stream().filter(x -> x.option().equals(option)).findFirst()
        .orElseThrow(() -> notFound(domainId, "group " + group + " option " + option));
    ObjectNode out = Json.object();
    out.set(option, o.value());
    return out;
  }

  /**
   * Updates options of a domain. With a group, the body must hold exactly that group, which must
   * already be configured; with an option, {@code config} is {@code {"option": value}} and the
   * option must already be set. Returns the whole readable configuration.
   */
  public ObjectNode update(String domainId, JsonNode config, String group, String option) {
    requireDomain(domainId);
    checkGroupAndOption(group, option);
    JsonNode body = config;
    if (group != null && option != null) {
      if (config == null || !config.isObject() || config.size() != 1 || !config.has(option)) {
        throw invalid("Trying to update option " + option + " in group " + group
            + ", so that, and only that, option must be specified in the config");
      }
      ObjectNode wrapped = Json.object();
      wrapped.set(group, config);
      body = wrapped;
    }
    List<Option> options = parse(body);
    List<Option> current = store.options(domainId);
    if (group != null) {
      if (body.size() != 1 || !body.has(group)) {
        throw invalid("Trying to update group " + group
            + ", so that, and only that, group must be specified in the config");
      }
      boolean exists = current.stream().anyMatch(o -> o.group().equals(group)
          && (option == null || o.option().equals(option)));
      if (!exists) {
        throw notFound(domainId, option == null ? "group " + group : "group " + group + " option " + option);
      }
    }
    store.upsert(domainId, options);
    return render(store.options(domainId));
  }

  /** Deletes the whole configuration, a group, or one option (which must exist). */
  public void delete(String domainId, String group, String option) {
    requireDomain(domainId);
    checkGroupAndOption(group, option);
    if (group != null) {
      boolean exists = store.options(domainId).stream().anyMatch(o -> o.group().equals(group)
          && (option == null || o.option().equals(option)));
      if (!exists) {
        throw notFound(domainId, option == null ? "group " + group : "group " + group + " option " + option);
      }
    }
    store.delete(domainId, group, option);
  }

  /** The cloud-wide defaults: all groups, one group, or one option. */
  public ObjectNode defaults(String group, String option) {
    checkGroupAndOption(group, option);
    if (option != null && DomainConfigOptions.isSensitive(group, option)) {
      throw invalid("Reading the default for option " + option + " in group " + group
          + " is not supported");
    }
    ObjectNode out = Json.object();
    if (option != null) {
      out.set(option, DomainConfigOptions.defaults(group).get(option));
      return out;
    }
    for (String g : DomainConfigOptions.groups()) {
      if (group == null || g.equals(group)) {
        ObjectNode go = out.putObject(g);
        DomainConfigOptions.defaults(g).forEach(go::set);
      }
    }
    return out;
  }
}
