package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.InvoiceStatus;
import dev.tally.server.auth.CredentialCache;
import dev.tally.server.auth.ResourceType;
import dev.tally.server.auth.Role;
import dev.tally.server.auth.RoleGrant;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.ContractValidator;
import dev.tally.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Every role at every scope, against both endpoints; and every way a key can be unusable. */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class AuthorizationMatrixTest {

  @Parameter Backend backend;

  private static TestServer server;
  private static TestServer.Tenant tenant;
  private static String invoicePath;

  @BeforeParameterizedClassInvocation
  static void seed(Backend backend) {
    server = TestServer.on(backend);
    tenant = server.tenant("Matrix", Instant.parse("2026-01-01T00:00:00Z"), "prod");
    invoicePath =
        "/api/v1/invoices/"
            + tenant.invoice(YearMonth.of(2026, 9), InvoiceStatus.FINALIZED).invoiceId();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    server.close();
  }

  /** The Billing API's two endpoints and Tally's extension routes, which share its rules. */
  private List<String> endpoints() {
    String invoiceId = invoicePath.substring("/api/v1/invoices/".length());
    return List.of(
        "/api/v1/invoices",
        invoicePath,
        "/tally/v1/organization",
        "/tally/v1/credits",
        "/tally/v1/invoices/" + invoiceId + "/pdf",
        "/tally/v1/invoices/" + invoiceId + "/csv");
  }

  private static int expected(Role role, ResourceType scope) {
    boolean allowed =
        scope == ResourceType.ORGANIZATION
            && (role == Role.BILLING_COORDINATOR || role == Role.CLUSTER_ADMIN);
    return allowed ? 200 : 403;
  }

  @Test
  void onlyBillingCoordinatorOrClusterAdminAtTheOrganizationScopeMayRead() {
    List<String> mismatches = new ArrayList<>();
    int checked = 0;
    for (Role role : Role.values()) {
      for (ResourceType scope : ResourceType.values()) {
        String resource =
            switch (scope) {
              case ORGANIZATION -> tenant.orgId();
              case CLUSTER -> tenant.clusters().get(0).id();
              case FOLDER -> "folder-1";
            };
        String key = tenant.key(new RoleGrant(role, scope, resource));
        for (String path : endpoints()) {
          HttpResponse<String> response = server.get(path, key);
          HttpResponse<String> head =
              server.send(
                  HttpRequest.newBuilder(server.uri(path))
                      .HEAD()
                      .header("Authorization", "Bearer " + key)
                      .build());
          checked++;
          if (response.statusCode() != expected(role, scope)) {
            mismatches.add(role + "@" + scope + " " + path + " -> " + response.statusCode());
          }
          if (head.statusCode() != expected(role, scope)) {
            mismatches.add(role + "@" + scope + " HEAD " + path + " -> " + head.statusCode());
          }
          if (path.startsWith("/api/")) {
            ContractValidator.assertConforms(
                path.equals(invoicePath) ? "/api/v1/invoices/{invoice_id}" : path, response);
          } else if (response.statusCode() != 200) {
            ContractValidator.assertStatusBody(response);
          }
        }
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(checked)
        .isEqualTo(Role.values().length * ResourceType.values().length * endpoints().size());
  }

  @Test
  void aKeyWithNoRolesIsForbiddenNotUnauthenticated() {
    String key = tenant.key();
    endpoints().forEach(path -> assertThat(server.get(path, key).statusCode()).isEqualTo(403));
  }

  @Test
  void anAllowedRoleAmongOthersIsEnough() {
    String key =
        tenant.key(
            new RoleGrant(Role.CLUSTER_DEVELOPER, ResourceType.ORGANIZATION, tenant.orgId()),
            new RoleGrant(Role.CLUSTER_ADMIN, ResourceType.ORGANIZATION, tenant.orgId()));
    endpoints().forEach(path -> assertThat(server.get(path, key).statusCode()).isEqualTo(200));
  }

  @Test
  void aRevokedRoleStopsWorkingWithinTheKeyCachesStalenessBound() {
    String key = tenant.billingKey();
    String accountId = principal(key).serviceAccountId();
    assertThat(server.get("/api/v1/invoices", key).statusCode()).isEqualTo(200);
    server.write(
        db -> {
          db.serviceAccounts()
              .revoke(
                  accountId,
                  new RoleGrant(
                      Role.BILLING_COORDINATOR, ResourceType.ORGANIZATION, tenant.orgId()));
          return null;
        });
    // Behind the server's back (no operator route): served from the key cache until the bound.
    assertThat(server.get("/api/v1/invoices", key).statusCode()).isEqualTo(200);
    server.clock().advance(CredentialCache.DEFAULT_STALENESS);
    assertThat(server.get("/api/v1/invoices", key).statusCode()).isEqualTo(403);
  }

  @Test
  void aRevokedKeyIsUnauthenticatedWithinTheKeyCachesStalenessBound() {
    String key = tenant.billingKey();
    assertThat(server.get("/api/v1/invoices", key).statusCode()).isEqualTo(200);
    String keyId = principal(key).apiKeyId();
    server.write(db -> db.apiKeys().revoke(keyId, server.clock().instant()));
    server.clock().advance(CredentialCache.DEFAULT_STALENESS.minusMillis(1));
    assertThat(server.get("/api/v1/invoices", key).statusCode()).isEqualTo(200);
    server.clock().advance(Duration.ofMillis(1));
    for (String path : endpoints()) {
      HttpResponse<String> response = server.get(path, key);
      assertThat(response.statusCode()).isEqualTo(401);
      ContractValidator.assertStatusBody(response);
    }
  }

  @Test
  void expiredKeysAreUnauthenticatedFromTheirExpiryInstant() {
    String accountId =
        server
            .write(
                db ->
                    db.serviceAccounts()
                        .create(tenant.orgId(), "expiring", server.clock().instant()))
            .id();
    server.write(
        db ->
            db.serviceAccounts()
                .grant(
                    accountId,
                    new RoleGrant(
                        Role.BILLING_COORDINATOR, ResourceType.ORGANIZATION, tenant.orgId())));
    Instant start = server.clock().instant();
    String key =
        server
            .write(
                db ->
                    db.apiKeys()
                        .create(
                            accountId,
                            "short",
                            start.plus(Duration.ofHours(1)),
                            server.clock().instant()))
            .token();
    try {
      server.clock().advance(Duration.ofMinutes(59));
      assertThat(server.get("/api/v1/invoices", key).statusCode()).isEqualTo(200);
      server.clock().advance(Duration.ofMinutes(1));
      endpoints().forEach(path -> assertThat(server.get(path, key).statusCode()).isEqualTo(401));
    } finally {
      server.clock().set(start);
    }
  }

  @Test
  void missingMalformedAndUnknownKeysAreUnauthenticated() {
    String good = tenant.billingKey();
    String unknown =
        good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
    for (String path : endpoints()) {
      assertThat(server.get(path, null).statusCode()).isEqualTo(401);
      assertThat(server.get(path, "").statusCode()).isEqualTo(401);
      assertThat(server.get(path, "not-a-key").statusCode()).isEqualTo(401);
      assertThat(server.get(path, unknown).statusCode()).isEqualTo(401);
      assertThat(
              server
                  .send(
                      java.net.http.HttpRequest.newBuilder(server.uri(path))
                          .header("Authorization", "Basic " + good)
                          .build())
                  .statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void unauthenticatedAnswersCarryABearerChallengeNamingARejectedToken() {
    String realm = "Bearer realm=\"tally\"";
    String rejected = realm + ", error=\"invalid_token\"";
    for (String path : endpoints()) {
      for (String method : List.of("GET", "HEAD")) {
        assertThat(challenge(method, path, null))
            .as("%s %s, no key", method, path)
            .containsExactly(realm);
        assertThat(challenge(method, path, "Basic dXNlcjpwYXNz"))
            .as("another scheme")
            .containsExactly(realm);
        assertThat(challenge(method, path, "Bearer TALLY1_nosuchkey_nosecret"))
            .containsExactly(rejected);
        assertThat(challenge(method, path, "bearer not-a-key")).containsExactly(rejected);
      }
    }
  }

  @Test
  void onlyUnauthenticatedAnswersCarryAChallenge() {
    String forbidden = tenant.key();
    for (String path : endpoints()) {
      assertThat(server.get(path, forbidden).statusCode()).isEqualTo(403);
      assertThat(server.get(path, forbidden).headers().allValues("WWW-Authenticate")).isEmpty();
      assertThat(server.get(path, tenant.billingKey()).headers().allValues("WWW-Authenticate"))
          .isEmpty();
    }
  }

  @Test
  void anOperatorRoutesUnauthenticatedAnswerCarriesTheChallengeToo() {
    HttpResponse<String> response =
        server.post("/operator/v1/usage-events", "TALLYOP1_nosuchkey_nosecret", "{\"events\":[]}");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate"))
        .containsExactly("Bearer realm=\"tally\", error=\"invalid_token\"");
  }

  private static List<String> challenge(String method, String path, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri(path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response = server.send(request.build());
    assertThat(response.statusCode()).as("%s %s", method, path).isEqualTo(401);
    if (method.equals("GET")) {
      ContractValidator.assertStatusBody(response);
    }
    return response.headers().allValues("WWW-Authenticate");
  }

  @Test
  void theBearerSchemeIsCaseInsensitive() {
    String key = tenant.billingKey();
    assertThat(
            server
                .send(
                    java.net.http.HttpRequest.newBuilder(server.uri("/api/v1/invoices"))
                        .header("Authorization", "bearer " + key)
                        .build())
                .statusCode())
        .isEqualTo(200);
  }

  private static dev.tally.server.auth.Principal principal(String key) {
    return (dev.tally.server.auth.Principal)
        new dev.tally.server.auth.Authenticator(server.tally().tx(), server.clock())
            .authenticate("Bearer " + key);
  }
}
