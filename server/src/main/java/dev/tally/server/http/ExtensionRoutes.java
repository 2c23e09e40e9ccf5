package dev.tally.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.CallerText;
import dev.tally.model.Invoice;
import dev.tally.model.extensions.OrganizationProfile;
import dev.tally.server.auth.Permission;
import dev.tally.server.errors.Failure;
import dev.tally.server.exports.InvoiceCsv;
import dev.tally.server.exports.InvoicePdf;
import dev.tally.server.invoices.LiveInvoices;
import dev.tally.server.orgs.IdRules;
import dev.tally.server.orgs.Organization;
import dev.tally.server.store.Transactor;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * Tally's own read routes, outside the reference contract's paths, for the web console and scripts.
 * Each has exactly the Billing API's authentication and authorization ({@code READ_INVOICES}:
 * {@code BILLING_COORDINATOR} or {@code CLUSTER_ADMIN} at organization scope), and answers {@code
 * HEAD} as {@code GET} without the body:
 *
 * <ul>
 *   <li>{@code GET /tally/v1/organization}: {@code OrganizationProfile} JSON;
 *   <li>{@code GET /tally/v1/credits}: {@code CreditsOverview} JSON;
 *   <li>{@code GET /tally/v1/invoices/{invoice_id}/pdf}: {@code application/pdf}, as an attachment
 *       named {@code <invoice_id>.pdf};
 *   <li>{@code GET /tally/v1/invoices/{invoice_id}/csv}: {@code text/csv; charset=utf-8}, as an
 *       attachment named {@code <invoice_id>.csv}.
 * </ul>
 *
 * Another organization's invoice id is a 404, exactly like an unknown one.
 */
public final class ExtensionRoutes implements ApiServer.Routes {

  private final Transactor tx;
  private final LiveInvoices invoices;
  private final ObjectMapper json;
  private final Clock clock;

  public ExtensionRoutes(Transactor tx, LiveInvoices invoices, ObjectMapper json, Clock clock) {
    this.tx = tx;
    this.invoices = invoices;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    Access.Requires read = Access.requires(Permission.READ_INVOICES);
    getAndHead(routes, "/tally/v1/organization", this::organization, read);
    getAndHead(routes, "/tally/v1/credits", this::credits, read);
    getAndHead(routes, "/tally/v1/invoices/{invoice_id}/pdf", this::pdf, read);
    getAndHead(routes, "/tally/v1/invoices/{invoice_id}/csv", this::csv, read);
  }

  private void organization(Context ctx) throws Exception {
    sendJson(ctx, profile(Access.principal(ctx).organizationId()));
  }

  private void credits(Context ctx) throws Exception {
    sendJson(ctx, invoices.credits(Access.principal(ctx).organizationId(), clock.instant()));
  }

  private void pdf(Context ctx) {
    Invoice invoice = invoice(ctx);
    byte[] body = InvoicePdf.render(invoice, profile(Access.principal(ctx).organizationId()));
    attachment(ctx, invoice, "application/pdf", "pdf", body);
  }

  private void csv(Context ctx) {
    Invoice invoice = invoice(ctx);
    attachment(ctx, invoice, "text/csv; charset=utf-8", "csv", InvoiceCsv.bytes(invoice));
  }

  private OrganizationProfile profile(String organizationId) {
    Organization org = tx.read(db -> db.organizations().require(organizationId));
    return new OrganizationProfile(org.id(), org.name(), org.billingContact());
  }

  /** The caller's invoice; another organization's answers exactly like one that does not exist. */
  private Invoice invoice(Context ctx) {
    String id = ctx.pathParam("invoice_id");
    IdRules.requireValid("invoice_id", id);
    return invoices
        .find(Access.principal(ctx).organizationId(), id, clock.instant())
        .orElseThrow(() -> Failure.notFound("invoice " + CallerText.quote(id) + " does not exist"));
  }

  private static void attachment(
      Context ctx, Invoice invoice, String contentType, String extension, byte[] body) {
    // Invoice ids are letters, digits and . _ : ~ - (IdRules), so the name needs no quoting.
    ctx.header(
        "Content-Disposition",
        "attachment; filename=\"" + invoice.invoiceId() + "." + extension + "\"");
    ctx.header("Cache-Control", "no-store");
    ctx.contentType(contentType).result(body);
  }

  private void sendJson(Context ctx, Object body) throws Exception {
    ctx.contentType("application/json").result(json.writeValueAsBytes(body));
  }
}
