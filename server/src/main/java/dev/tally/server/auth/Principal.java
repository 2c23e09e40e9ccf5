package dev.tally.server.auth;

import java.util.List;

/** The authenticated caller of one request: an API key of a service account in one organization. */
public record Principal(String apiKeyId, String serviceAccountId, String organizationId, List<RoleGrant> grants) {

  public Principal {
    grants = List.copyOf(grants);
  }
}
