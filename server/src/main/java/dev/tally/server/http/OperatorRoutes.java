package dev.tally.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.engine.Adjustment;
import dev.tally.engine.CreditGrant;
import dev.tally.model.BillingPeriod;
import dev.tally.model.DecimalInput;
import dev.tally.model.Rfc3339;
import dev.tally.model.operator.AdjustmentResponse;
import dev.tally.model.operator.CreditGrantResponse;
import dev.tally.model.operator.PeriodCloseSummary;
import dev.tally.model.operator.PriceBookRevision;
import dev.tally.server.auth.Permission;
import dev.tally.server.errors.Failure;
import dev.tally.server.invoices.PeriodClose;
import dev.tally.server.invoices.PriceBookLoader;
import dev.tally.server.store.Transactor;
import dev.tally.server.usage.UsageIngestion;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator API, for the platform's own pipeline and tools; every route needs an operator key.
 *
 * <ul>
 *   <li>{@code POST /operator/v1/usage-events} {@code {"events": [...]}}: ingest a batch.
 *   <li>{@code PUT /operator/v1/price-book}: load a price book file.
 *   <li>{@code POST /operator/v1/periods/{yyyy-MM}/close}: finalize a month for every organization.
 *   <li>{@code POST /operator/v1/organizations/{id}/credit-grants} and {@code .../adjustments}.
 * </ul>
 */
public final class OperatorRoutes implements ApiServer.Routes {

  private final Transactor tx;
  private final UsageIngestion ingestion;
  private final PriceBookLoader prices;
  private final PeriodClose close;
  private final ObjectMapper json;
  private final StrictJson strict = new StrictJson();
  private final Clock clock;

  public OperatorRoutes(
      Transactor tx,
      UsageIngestion ingestion,
      PriceBookLoader prices,
      PeriodClose close,
      ObjectMapper json,
      Clock clock) {
    this.tx = tx;
    this.ingestion = ingestion;
    this.prices = prices;
    this.close = close;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    Access.Requires operate = Access.requires(Permission.OPERATE);
    routes.post("/operator/v1/usage-events", this::ingest, operate);
    routes.put(
        "/operator/v1/price-book",
        ctx -> {
          // Parsed once, strictly: the loader reads the tree (a second parse of the text had its
          // own rules, and let Jackson's words through for a body starting with a byte-order mark).
          JsonNode book = strict.object(RequestBody.json(ctx));
          send(ctx, new PriceBookRevision(prices.load(book).revision()));
        },
        operate);
    routes.post("/operator/v1/periods/{period}/close", this::closePeriod, operate);
    routes.post(
        "/operator/v1/organizations/{organization_id}/credit-grants", this::grantCredits, operate);
    routes.post(
        "/operator/v1/organizations/{organization_id}/adjustments", this::addAdjustment, operate);
  }

  private void ingest(Context ctx) throws Exception {
    JsonNode body = body(ctx);
    StrictJson.onlyFields(body, "events");
    JsonNode events = body.get("events");
    if (events == null || !events.isArray()) {
      throw Failure.invalid("the body must be {\"events\": [...]}");
    }
    List<JsonNode> list = new ArrayList<>(events.size());
    events.forEach(list::add);
    send(ctx, ingestion.ingest(list));
  }

  private void closePeriod(Context ctx) throws Exception {
    PeriodClose.Summary summary = close.closeAll(period(ctx.pathParam("period")));
    send(ctx, new PeriodCloseSummary(summary.period(), summary.closed(), summary.alreadyClosed()));
  }

  private void grantCredits(Context ctx) throws Exception {
    JsonNode body = body(ctx);
    StrictJson.onlyFields(body, "amount", "starts_at", "expires_at");
    String org = ctx.pathParam("organization_id");
    BigDecimal amount = decimal(body, "amount");
    Instant startsAt = instant(body, "starts_at");
    Instant expiresAt = instant(body, "expires_at");
    CreditGrant grant =
        tx.write(db -> db.creditGrants().grant(org, amount, startsAt, expiresAt, clock.instant()));
    send(
        ctx.status(201),
        new CreditGrantResponse(grant.id(), grant.amount(), grant.startsAt(), grant.expiresAt()));
  }

  private void addAdjustment(Context ctx) throws Exception {
    JsonNode body = body(ctx);
    StrictJson.onlyFields(body, "period", "amount", "name");
    JsonNode name = body.get("name");
    String org = ctx.pathParam("organization_id");
    BillingPeriod period = period(text(body, "period"));
    BigDecimal amount = decimal(body, "amount");
    if (name != null && !name.isTextual()) {
      throw Failure.invalid(
          "name must be a JSON string such as \"Premium support\""
              + (name.isNull() ? "; it may not be null (leave it out instead)" : ""));
    }
    Adjustment added =
        tx.write(
            db ->
                db.adjustments()
                    .add(
                        org,
                        period,
                        name == null ? null : name.textValue(),
                        amount,
                        clock.instant()));
    send(ctx.status(201), new AdjustmentResponse(added.name(), added.amount()));
  }

  /**
   * The body: JSON checked at the door ({@link RequestBody}), then strictly ({@link StrictJson}).
   */
  private JsonNode body(Context ctx) {
    return strict.object(RequestBody.json(ctx));
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null) {
      throw Failure.invalid(field + " is required");
    }
    if (!value.isTextual()) {
      throw Failure.invalid(
          field + " must be a JSON string" + (value.isNull() ? "; it may not be null" : ""));
    }
    return value.textValue();
  }

  /**
   * An amount of USD: at most 13 digits before the point and whole cents (then checked by the
   * owner).
   */
  private static BigDecimal decimal(JsonNode body, String field) {
    JsonNode value = body.get(field);
    try {
      if (value != null && value.isNumber() && (value.isBigDecimal() || value.isIntegralNumber())) {
        return DecimalInput.bounded(value.decimalValue(), 13, 2, field);
      }
      if (value != null && value.isTextual()) {
        return DecimalInput.bounded(DecimalInput.parse(value.textValue(), field), 13, 2, field);
      }
    } catch (IllegalArgumentException e) {
      throw Failure.invalid(e.getMessage());
    }
    throw Failure.invalid(field + " must be a decimal amount such as \"100.00\"");
  }

  private static Instant instant(JsonNode body, String field) {
    try {
      return Rfc3339.parse(text(body, field), field);
    } catch (IllegalArgumentException e) {
      throw Failure.invalid(e.getMessage());
    }
  }

  static BillingPeriod period(String text) {
    try {
      return BillingPeriod.parse(text);
    } catch (IllegalArgumentException e) {
      throw Failure.invalid(e.getMessage());
    }
  }

  private void send(Context ctx, Object body) throws Exception {
    ctx.contentType("application/json").result(json.writeValueAsBytes(body));
  }
}
