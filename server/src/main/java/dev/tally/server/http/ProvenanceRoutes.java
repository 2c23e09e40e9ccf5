package dev.tally.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.CallerText;
import dev.tally.server.auth.Permission;
import dev.tally.server.auth.Principal;
import dev.tally.server.errors.Failure;
import dev.tally.server.invoices.LiveInvoices;
import dev.tally.server.orgs.IdRules;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * {@code GET /tally/v1/invoices/{invoice_id}/provenance} (and {@code HEAD}): where each line item
 * and credit of an invoice comes from (docs/billing-model.md, "Provenance"), with exactly the
 * Billing API's authentication and authorization. Another organization's invoice answers 404,
 * exactly like one that does not exist.
 */
public final class ProvenanceRoutes implements ApiServer.Routes {

  private final LiveInvoices invoices;
  private final ObjectMapper json;
  private final Clock clock;

  public ProvenanceRoutes(LiveInvoices invoices, ObjectMapper json, Clock clock) {
    this.invoices = invoices;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    Access.Requires read = Access.requires(Permission.READ_INVOICES);
    String path = "/tally/v1/invoices/{invoice_id}/provenance";
    getAndHead(routes, path, this::get, read);
  }

  private void get(Context ctx) throws Exception {
    String id = ctx.pathParam("invoice_id");
    IdRules.requireValid("invoice_id", id);
    Principal principal = Access.principal(ctx);
    var provenance =
        invoices
            .provenance(principal.organizationId(), id, clock.instant())
            .orElseThrow(
                () -> Failure.notFound("invoice " + CallerText.quote(id) + " does not exist"));
    ctx.contentType("application/json").result(json.writeValueAsBytes(provenance));
  }
}
