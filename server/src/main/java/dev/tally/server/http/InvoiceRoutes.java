package dev.tally.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.ListInvoicesResponse;
import dev.tally.server.Failure;
import dev.tally.server.auth.AccessPolicy;
import dev.tally.server.auth.Authenticator;
import dev.tally.server.auth.Permission;
import dev.tally.server.auth.Principal;
import dev.tally.server.invoices.InvoiceRules;
import dev.tally.server.invoices.InvoiceSource;
import dev.tally.server.invoices.InvoiceWindow;
import dev.tally.server.orgs.Ids;
import dev.tally.server.orgs.Organization;
import dev.tally.server.orgs.OrganizationStore;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;

/** {@code GET /api/v1/invoices} and {@code GET /api/v1/invoices/{invoice_id}}. */
public final class InvoiceRoutes {

  private final Authenticator authenticator;
  private final AccessPolicy policy;
  private final OrganizationStore organizations;
  private final InvoiceSource invoices;
  private final ObjectMapper json;
  private final Clock clock;

  public InvoiceRoutes(Authenticator authenticator, AccessPolicy policy, OrganizationStore organizations,
      InvoiceSource invoices, ObjectMapper json, Clock clock) {
    this.authenticator = authenticator;
    this.policy = policy;
    this.organizations = organizations;
    this.invoices = invoices;
    this.json = json;
    this.clock = clock;
  }

  void list(Context ctx) throws Exception {
    QueryParams query = QueryParams.parse(ctx.queryString());
    Optional<InvoiceStatus> status = query.get("status").map(InvoiceRoutes::status);
    Optional<Instant> start = query.timestamp("start_time");
    Optional<Instant> end = query.timestamp("end_time");
    Principal principal = authorize(ctx);
    Instant now = clock.instant();
    InvoiceWindow window = new InvoiceWindow(
        start.orElseGet(() -> defaultStart(principal.organizationId())), end.orElse(now), status);
    send(ctx, new ListInvoicesResponse(invoices.list(principal.organizationId(), window, now)));
  }

  void get(Context ctx) throws Exception {
    String id = ctx.pathParam("invoice_id");
    Ids.requireValid("invoice_id", id);
    Principal principal = authorize(ctx);
    // Another organization's invoice answers exactly like one that does not exist.
    send(ctx, invoices.find(principal.organizationId(), id, clock.instant())
        .orElseThrow(() -> Failure.notFound("invoice " + id + " does not exist")));
  }

  void emptyId(Context ctx) {
    throw Failure.invalid("invoice_id must not be empty: use GET /api/v1/invoices/{invoice_id}");
  }

  private Principal authorize(Context ctx) {
    Principal principal = authenticator.authenticate(ctx.header("Authorization"));
    policy.require(principal, Permission.READ_INVOICES);
    return principal;
  }

  /**
   * The organization's creation, taken at the start of its month: the month it was created in is
   * billed from the 1st, so its invoice belongs in the default listing.
   */
  private Instant defaultStart(String organizationId) {
    Organization org = organizations.require(organizationId);
    return InvoiceRules.startOf(YearMonth.from(org.createdAt().atOffset(ZoneOffset.UTC)));
  }

  private static InvoiceStatus status(String text) {
    return switch (text) {
      case "FINALIZED" -> InvoiceStatus.FINALIZED;
      case "DRAFT" -> InvoiceStatus.DRAFT;
      default -> throw Failure.invalid("status must be FINALIZED or DRAFT, got '" + QueryParams.printable(text) + "'");
    };
  }

  private void send(Context ctx, Object body) throws Exception {
    ctx.contentType("application/json").result(json.writeValueAsBytes(body));
  }
}
