package dev.tally.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.model.BillingPeriod;
import dev.tally.model.CloudProvider;
import dev.tally.model.Cluster;
import dev.tally.model.Plan;
import dev.tally.model.extensions.BillingContact;
import dev.tally.server.Tally;
import dev.tally.server.auth.ResourceType;
import dev.tally.server.auth.Role;
import dev.tally.server.auth.RoleGrant;
import dev.tally.server.auth.ServiceAccount;
import dev.tally.server.orgs.BillingContactRules;
import dev.tally.server.orgs.ClusterSpec;
import dev.tally.server.orgs.Organization;
import dev.tally.server.store.Transactor;
import dev.tally.server.usage.UsageIngestion;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Seeds the demo organization once, through the real engine: a year of generated usage for clusters
 * of each plan goes through ingestion, with a billing contact, two credit grants (one drawn by
 * several months' invoices, one from this month on, partly left) and one adjustment (on the invoice
 * of three months ago), and the past twelve months are closed, leaving this month's draft. On every
 * run it mints fresh keys for the demo service accounts (only hashes are stored, so earlier keys
 * cannot be shown again).
 */
public final class DemoOrganization {

  public static final String ORGANIZATION_ID = "demo-org";

  /** Who the demo's invoices are addressed to (printed on the invoice PDF). */
  public static final BillingContact BILLING_CONTACT =
      BillingContactRules.require(
          "Acme Demo Inc. (Accounts Payable)",
          "100 Market Street, Suite 300\nSan Francisco, CA 94105\nUnited States",
          "billing@acme.example");

  /** A demo key: which account and role it stands for, and the secret to paste into curl. */
  public record DemoKey(
      String account, String roleDescription, boolean canReadInvoices, String token) {}

  private record Account(String name, String roleDescription, boolean canRead, RoleGrant grant) {}

  private DemoOrganization() {}

  public static List<DemoKey> seed(Tally tally) {
    Instant now = tally.clock().instant();
    YearMonth current = YearMonth.from(now.atOffset(ZoneOffset.UTC));
    YearMonth first = current.minusMonths(12);
    Instant created = new BillingPeriod(first).start();
    Cluster analytics =
        new ClusterSpec(
                "3f1c9a62-5a8e-4d0b-9c61-2a7f0d5e8b14",
                "analytics",
                Plan.ADVANCED,
                CloudProvider.GCP,
                List.of("us-central1", "us-east1"),
                Map.of("env", "prod", "cost_center", "4100"))
            .toCluster(created);
    List<Cluster> clusters =
        List.of(
            analytics,
            new ClusterSpec(
                    "8a2b6c4d-1e3f-4a5b-8c7d-9e0f1a2b3c4d",
                    "checkout",
                    Plan.STANDARD,
                    CloudProvider.AWS,
                    List.of("us-east-1"),
                    Map.of("env", "prod"))
                .toCluster(created),
            new ClusterSpec(
                    "c0ffee00-1234-4cde-8f00-abcdefabcdef",
                    "staging",
                    Plan.BASIC,
                    CloudProvider.AWS,
                    List.of("eu-west-1"),
                    Map.of("env", "staging"))
                .toCluster(created));
    List<Account> accounts =
        List.of(
            new Account(
                "billing-reader",
                "BILLING_COORDINATOR on the organization",
                true,
                new RoleGrant(
                    Role.BILLING_COORDINATOR, ResourceType.ORGANIZATION, ORGANIZATION_ID)),
            new Account(
                "ops-admin",
                "CLUSTER_ADMIN on the organization",
                true,
                new RoleGrant(Role.CLUSTER_ADMIN, ResourceType.ORGANIZATION, ORGANIZATION_ID)),
            new Account(
                "developer",
                "CLUSTER_DEVELOPER on the organization (gets 403)",
                false,
                new RoleGrant(Role.CLUSTER_DEVELOPER, ResourceType.ORGANIZATION, ORGANIZATION_ID)),
            new Account(
                "analytics-admin",
                "CLUSTER_ADMIN on one cluster only (gets 403)",
                false,
                new RoleGrant(Role.CLUSTER_ADMIN, ResourceType.CLUSTER, analytics.id())));

    Transactor tx = tally.tx();
    if (tx.read(db -> db.organizations().find(ORGANIZATION_ID)).isEmpty()) {
      tally.priceBooks().loadDefaultIfEmpty();
      tx.write(
          db -> {
            Organization org = db.organizations().create(ORGANIZATION_ID, "Acme Demo", created);
            db.organizations().updateBillingContact(org.id(), BILLING_CONTACT);
            for (Cluster cluster : clusters) {
              db.clusters().create(org.id(), cluster);
            }
            for (Account account : accounts) {
              ServiceAccount sa = db.serviceAccounts().create(org.id(), account.name(), now);
              db.serviceAccounts().grant(sa.id(), account.grant());
            }
            // A prepaid grant that runs out part-way through the year, and a one-off support fee.
            db.creditGrants()
                .grant(
                    org.id(),
                    new BigDecimal("5000.00"),
                    created.plusSeconds(86_400L * 60),
                    new BillingPeriod(current.plusMonths(6)).start(),
                    now);
            // A second grant from this month on, so the running draft draws credits and some are
            // left to spend.
            db.creditGrants()
                .grant(
                    org.id(),
                    new BigDecimal("25000.00"),
                    new BillingPeriod(current).start(),
                    new BillingPeriod(current.plusMonths(12)).start(),
                    now);
            db.adjustments()
                .add(
                    org.id(),
                    new BillingPeriod(current.minusMonths(3)),
                    "Premium support onboarding",
                    new BigDecimal("250.00"),
                    now);
            return org;
          });
      List<JsonNode> events = DemoUsage.events(ORGANIZATION_ID, clusters, first.atDay(1), now);
      for (int from = 0; from < events.size(); from += UsageIngestion.MAX_BATCH) {
        tally
            .ingestion()
            .ingest(events.subList(from, Math.min(events.size(), from + UsageIngestion.MAX_BATCH)));
      }
      tally.periodClose().close(ORGANIZATION_ID, new BillingPeriod(current.minusMonths(1)));
    }
    return tx.write(
        db -> {
          List<DemoKey> keys = new ArrayList<>();
          for (ServiceAccount account : db.serviceAccounts().list(ORGANIZATION_ID)) {
            for (Account a : accounts) {
              if (a.name().equals(account.name())) {
                keys.add(
                    new DemoKey(
                        a.name(),
                        a.roleDescription(),
                        a.canRead(),
                        db.apiKeys().create(account.id(), "demo " + now, null, now).token()));
              }
            }
          }
          return keys;
        });
  }
}
