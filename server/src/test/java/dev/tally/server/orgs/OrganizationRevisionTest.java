package dev.tally.server.orgs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.model.BillingPeriod;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.TestServer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every change to what an organization's drafts are rated from advances its revision in the same
 * transaction, which is what lets a server cache a rated draft (docs/architecture.md, "Draft
 * cache"): accepted usage, an adjustment, a credit grant, a new or renamed cluster, a close.
 */
class OrganizationRevisionTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tally.server.testing.Backend#all")
  void everyWriteThatChangesADraftAdvancesTheRevision(Backend backend) {
    try (TestServer server = TestServer.on(backend)) {
      TestServer.Tenant tenant =
          server.tenant("Revised", Instant.parse("2026-09-01T00:00:00Z"), "alpha");
      String org = tenant.orgId();

      long revision = revision(server, org);
      revision =
          advances(
              server,
              org,
              revision,
              "accepted usage",
              () -> {
                ObjectNode event = JsonNodeFactory.instance.objectNode();
                event.put("event_id", "rev-1");
                event.put("organization_id", org);
                event.put("cluster_id", tenant.clusters().get(0).id());
                event.put("sku", "standard.compute");
                event.put("quantity", "1");
                event.put("timestamp", "2026-11-02T00:00:00Z");
                assertThat(server.tally().ingestion().ingest(List.of(event)).accepted())
                    .isEqualTo(1);
                return null;
              });
      revision =
          advances(
              server,
              org,
              revision,
              "an adjustment",
              () ->
                  server.write(
                      w ->
                          w.adjustments()
                              .add(
                                  org,
                                  new BillingPeriod(YearMonth.of(2026, 11)),
                                  "Fee",
                                  new BigDecimal("5.00"),
                                  TestServer.DEFAULT_NOW)));
      revision =
          advances(
              server,
              org,
              revision,
              "a credit grant",
              () ->
                  server.write(
                      w ->
                          w.creditGrants()
                              .grant(
                                  org,
                                  new BigDecimal("10.00"),
                                  Instant.parse("2026-11-01T00:00:00Z"),
                                  Instant.parse("2027-11-01T00:00:00Z"),
                                  TestServer.DEFAULT_NOW)));
      revision =
          advances(
              server,
              org,
              revision,
              "a renamed cluster",
              () ->
                  server.write(w -> w.clusters().rename(org, tenant.clusters().get(0).id(), "b")));
      advances(
          server,
          org,
          revision,
          "a close",
          () -> server.tally().periodClose().closeAll(new BillingPeriod(YearMonth.of(2026, 10))));
    }
  }

  /** A change made through the owners or the orchestrators, as the API and the CLI make it. */
  @FunctionalInterface
  private interface Change {
    Object make() throws Exception;
  }

  private static long advances(
      TestServer server, String org, long before, String change, Change work) {
    try {
      work.make();
    } catch (Exception e) {
      throw new AssertionError(change, e);
    }
    long after = revision(server, org);
    assertThat(after).as("the revision after %s", change).isGreaterThan(before);
    return after;
  }

  private static long revision(TestServer server, String org) {
    return server.tally().tx().read(db -> db.organizations().revision(org)).orElseThrow();
  }
}
