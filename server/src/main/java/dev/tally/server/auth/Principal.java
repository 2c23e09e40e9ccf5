package dev.tally.server.auth;

import java.util.List;

/** A service account of one organization, authenticated by one of its API keys, with its grants. */
public record Principal(
    String apiKeyId, String serviceAccountId, String organizationId, List<RoleGrant> grants)
    implements Caller {

  public Principal {
    grants = List.copyOf(grants);
  }
}
