package dev.tally.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.ListInvoicesResponse;
import dev.tally.server.auth.Permission;
import dev.tally.server.auth.Principal;
import dev.tally.server.errors.Failure;
import dev.tally.server.invoices.LiveInvoices;
import dev.tally.server.orgs.IdRules;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.Header;
import io.javalin.security.RouteRole;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The Billing API: {@code GET /api/v1/invoices} and {@code GET /api/v1/invoices/{invoice_id}}, for
 * service accounts holding a role that may read invoices (the reference contract's rule). {@code
 * HEAD} on either answers exactly as {@code GET} would, without the body.
 */
public final class InvoiceRoutes implements ApiServer.Routes {

  private final LiveInvoices invoices;
  private final ObjectMapper json;
  private final Clock clock;
  private final FinalizedBodies finalized = new FinalizedBodies(FinalizedBodies.DEFAULT_MAX_BYTES);

  public InvoiceRoutes(LiveInvoices invoices, ObjectMapper json, Clock clock) {
    this.invoices = invoices;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    Access.Requires read = Access.requires(Permission.READ_INVOICES);
    getAndHead(routes, "/api/v1/invoices", this::list, read);
    getAndHead(routes, "/api/v1/invoices/", this::emptyId);
    getAndHead(routes, "/api/v1/invoices/{invoice_id}", this::get, read);
  }

  /**
   * Declares GET, and HEAD with the same handler and permission, so that HEAD runs every check GET
   * does and answers the same status and headers; Jetty sends no body for HEAD. Without its own
   * route Javalin would answer any HEAD whose path has a GET route with 200, unchecked.
   */
  private static void getAndHead(
      RoutesConfig routes, String path, Handler handler, RouteRole... roles) {
    routes.get(path, handler, roles);
    routes.head(path, handler, roles);
  }

  private void list(Context ctx) throws Exception {
    QueryParams query = QueryParams.parse(ctx.queryString());
    Optional<InvoiceStatus> status = query.get("status").map(InvoiceRoutes::status);
    Optional<Instant> start = query.timestamp("start_time");
    Optional<Instant> end = query.timestamp("end_time");
    Principal principal = Access.principal(ctx);
    send(
        ctx,
        new ListInvoicesResponse(
            invoices.list(principal.organizationId(), start, end, status, clock.instant())));
  }

  private void get(Context ctx) throws Exception {
    String id = ctx.pathParam("invoice_id");
    IdRules.requireValid("invoice_id", id);
    String organizationId = Access.principal(ctx).organizationId();
    Optional<Representation> cached = finalized.find(organizationId, id);
    if (cached.isPresent()) {
      send(ctx, cached.get());
      return;
    }
    // Another organization's invoice answers exactly like one that does not exist.
    Invoice invoice =
        invoices
            .find(organizationId, id, clock.instant())
            .orElseThrow(() -> Failure.notFound("invoice " + id + " does not exist"));
    Representation body = Representation.of(json.writeValueAsBytes(invoice));
    if (invoice.status().is(InvoiceStatus.FINALIZED)) {
      finalized.keep(organizationId, id, body);
    }
    send(ctx, body);
  }

  private void emptyId(Context ctx) {
    throw Failure.invalid("invoice_id must not be empty: use GET /api/v1/invoices/{invoice_id}");
  }

  private static InvoiceStatus status(String text) {
    return switch (text) {
      case "FINALIZED" -> InvoiceStatus.FINALIZED;
      case "DRAFT" -> InvoiceStatus.DRAFT;
      default ->
          throw Failure.invalid(
              "status must be FINALIZED or DRAFT, got '" + QueryParams.printable(text) + "'");
    };
  }

  private void send(Context ctx, Object body) throws Exception {
    send(ctx, Representation.of(json.writeValueAsBytes(body)));
  }

  /**
   * Answers with the body and its entity tag, or {@code 304} without a body when the client's
   * {@code If-None-Match} already names it. {@code no-cache} lets a client keep the answer but
   * makes it revalidate each time, so a draft is never shown stale; {@code private} because every
   * answer is one organization's.
   */
  private static void send(Context ctx, Representation body) {
    ctx.header(Header.ETAG, body.etag());
    ctx.header(Header.CACHE_CONTROL, "private, no-cache");
    if (ConditionalGet.notModified(ctx.header(Header.IF_NONE_MATCH), body.etag())) {
      ctx.status(304);
      return;
    }
    ctx.contentType("application/json").result(body.json());
  }
}
