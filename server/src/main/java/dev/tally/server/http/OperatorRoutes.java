package dev.tally.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.BillingPeriod;
import dev.tally.server.Failure;
import dev.tally.server.auth.OperatorKeyStore;
import dev.tally.server.billing.AdjustmentStore;
import dev.tally.server.billing.CreditStore;
import dev.tally.server.billing.PeriodCloser;
import dev.tally.server.billing.PriceBookStore;
import dev.tally.server.usage.UsageIngestor;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

  private final OperatorKeyStore operators;
  private final UsageIngestor ingestor;
  private final PriceBookStore prices;
  private final PeriodCloser closer;
  private final CreditStore credits;
  private final AdjustmentStore adjustments;
  private final ObjectMapper json;

  public OperatorRoutes(OperatorKeyStore operators, UsageIngestor ingestor, PriceBookStore prices, PeriodCloser closer,
      CreditStore credits, AdjustmentStore adjustments, ObjectMapper json) {
    this.operators = operators;
    this.ingestor = ingestor;
    this.prices = prices;
    this.closer = closer;
    this.credits = credits;
    this.adjustments = adjustments;
    this.json = json;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.before("/operator/*", ctx -> operators.authenticate(ctx.header("Authorization")));
    routes.post("/operator/v1/usage-events", this::ingest);
    routes.put("/operator/v1/price-book", ctx ->
        send(ctx, Map.of("revision", prices.load(ctx.body()).revision())));
    routes.post("/operator/v1/periods/{period}/close", ctx -> send(ctx, closer.closeAll(period(ctx.pathParam("period")))));
    routes.post("/operator/v1/organizations/{organization_id}/credit-grants", this::grantCredits);
    routes.post("/operator/v1/organizations/{organization_id}/adjustments", this::addAdjustment);
  }

  private void ingest(Context ctx) throws Exception {
    JsonNode body = body(ctx);
    JsonNode events = body.get("events");
    if (events == null || !events.isArray()) {
      throw Failure.invalid("the body must be {\"events\": [...]}");
    }
    List<JsonNode> list = new ArrayList<>(events.size());
    events.forEach(list::add);
    send(ctx, ingestor.ingest(list));
  }

  private void grantCredits(Context ctx) throws Exception {
    JsonNode body = body(ctx);
    var grant = credits.grant(ctx.pathParam("organization_id"), decimal(body, "amount"), instant(body, "starts_at"),
        instant(body, "expires_at"));
    send(ctx.status(201), Map.of("id", grant.id(), "amount", grant.amount(), "starts_at", grant.startsAt().toString(),
        "expires_at", grant.expiresAt().toString()));
  }

  private void addAdjustment(Context ctx) throws Exception {
    JsonNode body = body(ctx);
    JsonNode name = body.get("name");
    var added = adjustments.add(ctx.pathParam("organization_id"), period(text(body, "period")),
        name == null ? null : name.asText(), decimal(body, "amount"));
    send(ctx.status(201), Map.of("name", added.name(), "amount", added.amount()));
  }

  private JsonNode body(Context ctx) {
    try {
      JsonNode node = json.readTree(ctx.bodyAsBytes());
      if (node == null || !node.isObject()) {
        throw Failure.invalid("the body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw Failure.invalid("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw Failure.invalid("the body could not be read");
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual()) {
      throw Failure.invalid(field + " is required");
    }
    return value.textValue();
  }

  private static BigDecimal decimal(JsonNode body, String field) {
    JsonNode value = body.get(field);
    try {
      if (value != null && value.isNumber()) {
        return value.decimalValue();
      }
      if (value != null && value.isTextual()) {
        return new BigDecimal(value.textValue());
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Failure.invalid(field + " must be a decimal amount such as \"100.00\"");
  }

  private static Instant instant(JsonNode body, String field) {
    try {
      return OffsetDateTime.parse(text(body, field)).toInstant();
    } catch (DateTimeParseException e) {
      throw Failure.invalid(field + " must be an RFC 3339 time such as 2026-01-01T00:00:00Z");
    }
  }

  static BillingPeriod period(String text) {
    try {
      return new BillingPeriod(YearMonth.parse(text));
    } catch (DateTimeParseException e) {
      throw Failure.invalid("a billing period is written YYYY-MM, got '" + QueryParams.printable(text) + "'");
    }
  }

  private void send(Context ctx, Object body) throws Exception {
    ctx.contentType("application/json").result(json.writeValueAsBytes(body));
  }
}
