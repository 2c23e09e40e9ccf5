package dev.tally.client;

import static dev.tally.client.Fixtures.API_KEY;
import static dev.tally.client.Fixtures.OPERATOR_KEY;
import static dev.tally.client.Fixtures.clientFor;
import static dev.tally.client.Fixtures.operatorClientFor;
import static dev.tally.client.Fixtures.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.client.StubServer.Reply;
import dev.tally.model.BillingPeriod;
import dev.tally.model.GrpcCode;
import dev.tally.model.operator.AdjustmentRequest;
import dev.tally.model.operator.AdjustmentResponse;
import dev.tally.model.operator.CreditGrantRequest;
import dev.tally.model.operator.CreditGrantResponse;
import dev.tally.model.operator.IngestUsageResponse;
import dev.tally.model.operator.PeriodCloseSummary;
import dev.tally.model.operator.RejectedEvent;
import dev.tally.model.operator.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each operator route: what is sent (method, path, headers, JSON body) and how the answer reads.
 */
class OperatorApiTest {

  private final RecordingSleeper sleeper = new RecordingSleeper();

  private static final UsageEvent EVENT =
      new UsageEvent(
          "evt-1",
          "acme",
          "c-1",
          "basic.request_units",
          new BigDecimal("1500000.25"),
          Instant.parse("2026-10-04T12:00:00Z"));

  @Test
  void ingestUsagePostsTheBatchWithTheOperatorKeyAndReadsTheThreeOutcomes() {
    String answer =
        """
        {"accepted": 1, "duplicates": 1, "rejected": [
          {"index": 2, "event_id": "evt-3", "code": "NOT_FOUND", "reason": "unknown sku basic.gpu"}]}""";
    try (var stub = StubServer.start().always(Reply.ok(answer));
        var tally = operatorClientFor(stub, sleeper).build()) {
      UsageEvent third =
          new UsageEvent(
              "evt-3",
              "acme",
              "c-1",
              "basic.gpu",
              BigDecimal.ONE,
              Instant.parse("2026-10-04T12:00:00.5+02:00"));

      IngestUsageResponse response =
          tally.operator().ingestUsage(List.of(EVENT, EVENT, third)).execute();

      assertThat(response.accepted()).isEqualTo(1);
      assertThat(response.duplicates()).isEqualTo(1);
      assertThat(response.rejected())
          .containsExactly(new RejectedEvent(2, "evt-3", "NOT_FOUND", "unknown sku basic.gpu"));
      assertThat(response.rejected().get(0).grpcCode()).contains(GrpcCode.NOT_FOUND);
      StubServer.Received request = stub.onlyRequest();
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.rawPath()).isEqualTo("/operator/v1/usage-events");
      assertThat(request.rawQuery()).isNull();
      assertThat(request.header("Authorization")).isEqualTo("Bearer " + OPERATOR_KEY);
      assertThat(request.header("Content-Type")).isEqualTo("application/json");
      assertThat(request.header("Accept")).isEqualTo("application/json");
      String event =
          """
          {"event_id":"evt-1","organization_id":"acme","cluster_id":"c-1",\
          "sku":"basic.request_units","quantity":1500000.25,"timestamp":"2026-10-04T12:00:00Z"}""";
      assertThat(request.body())
          .isEqualTo(
              "{\"events\":["
                  + event
                  + ","
                  + event
                  + ","
                  + "{\"event_id\":\"evt-3\",\"organization_id\":\"acme\",\"cluster_id\":\"c-1\","
                  + "\"sku\":\"basic.gpu\",\"quantity\":1,\"timestamp\":\"2026-10-04T10:00:00.500Z\"}]}");
    }
  }

  @Test
  void loadPriceBookPutsTheFileAsItIsAndReadsTheRevision() {
    String file = "{\"version\": 1, \"skus\": [], \"note\": \"é\"}";
    try (var stub = StubServer.start().always(Reply.ok("{\"revision\": 7}"));
        var tally = operatorClientFor(stub, sleeper).build()) {
      var revision = tally.operator().loadPriceBook(file).executeWithResponse();

      assertThat(revision.body().revision()).isEqualTo(7);
      assertThat(revision.statusCode()).isEqualTo(200);
      StubServer.Received request = stub.onlyRequest();
      assertThat(request.method()).isEqualTo("PUT");
      assertThat(request.rawPath()).isEqualTo("/operator/v1/price-book");
      assertThat(request.header("Content-Type")).isEqualTo("application/json");
      assertThat(request.body()).isEqualTo(file);
    }
  }

  @Test
  void closePeriodPostsToTheMonthsPathWithoutABody() {
    try (var stub =
            StubServer.start()
                .always(
                    Reply.ok("{\"period\": \"2026-10\", \"closed\": 12, \"already_closed\": 3}"));
        var tally = operatorClientFor(stub, sleeper).build()) {
      PeriodCloseSummary summary =
          tally.operator().closePeriod(BillingPeriod.of(2026, 10)).execute();

      assertThat(summary).isEqualTo(new PeriodCloseSummary(BillingPeriod.of(2026, 10), 12, 3));
      StubServer.Received request = stub.onlyRequest();
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.rawPath()).isEqualTo("/operator/v1/periods/2026-10/close");
      assertThat(request.body()).isEmpty();
      assertThat(request.header("Content-Type")).isNull();
      assertThat(request.header("Authorization")).isEqualTo("Bearer " + OPERATOR_KEY);
    }
  }

  @Test
  void grantCreditsPostsTheGrantAndReadsTheCreatedOne() {
    String created =
        """
        {"id": "g-1", "amount": 500.00, "starts_at": "2026-01-01T00:00:00Z",
         "expires_at": "2027-01-01T00:00:00Z"}""";
    try (var stub = StubServer.start().always(Reply.json(201, created));
        var tally = operatorClientFor(stub, sleeper).build()) {
      var grant =
          new CreditGrantRequest(
              new BigDecimal("500.00"),
              Instant.parse("2026-01-01T00:00:00Z"),
              Instant.parse("2027-01-01T00:00:00Z"));

      var response = tally.operator().grantCredits("org/acme", grant).executeWithResponse();

      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(response.body())
          .isEqualTo(
              new CreditGrantResponse(
                  "g-1", new BigDecimal("500.00"), grant.startsAt(), grant.expiresAt()));
      StubServer.Received request = stub.onlyRequest();
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.rawPath())
          .isEqualTo("/operator/v1/organizations/org%2Facme/credit-grants");
      assertThat(request.body())
          .isEqualTo(
              "{\"amount\":500.00,"
                  + "\"starts_at\":\"2026-01-01T00:00:00Z\",\"expires_at\":\"2027-01-01T00:00:00Z\"}");
    }
  }

  @Test
  void addAdjustmentPostsTheAdjustmentAndReadsTheCreatedOne() {
    try (var stub =
            StubServer.start()
                .always(Reply.json(201, "{\"name\": \"Premium support\", \"amount\": 100.00}"));
        var tally = operatorClientFor(stub, sleeper).build()) {
      var adjustment =
          new AdjustmentRequest(
              BillingPeriod.of(2026, 11), "Premium support", new BigDecimal("100.00"));

      AdjustmentResponse added = tally.operator().addAdjustment("acme", adjustment).execute();

      assertThat(added)
          .isEqualTo(new AdjustmentResponse("Premium support", new BigDecimal("100.00")));
      StubServer.Received request = stub.onlyRequest();
      assertThat(request.rawPath()).isEqualTo("/operator/v1/organizations/acme/adjustments");
      assertThat(request.body())
          .isEqualTo("{\"period\":\"2026-11\",\"name\":\"Premium support\",\"amount\":100.00}");
    }
  }

  @Test
  void theOperatorKeyIsReadFromTheEnvironmentAndNeverSentToTheBillingApi() {
    try (var stub = StubServer.start().always(Reply.ok("{\"revision\": 1}"));
        var tally =
            TallyClient.builder()
                .baseUrl(stub.baseUrl())
                .sleeper(sleeper)
                .environment(
                    Map.of("TALLY_OPERATOR_KEY", "TALLYOP1_env", "TALLY_API_KEY", "TALLY1_env")
                        ::get)
                .build()) {
      assertThat(tally.hasOperatorKey()).isTrue();
      tally.operator().loadPriceBook("{}").execute();

      assertThat(stub.onlyRequest().header("Authorization")).isEqualTo("Bearer TALLYOP1_env");
      assertThat(tally.toString())
          .doesNotContain("TALLYOP1_env")
          .contains("operatorKey=<redacted>");
    }
  }

  @Test
  void anOperatorRequestWithoutAnOperatorKeySendsNothing() {
    try (var stub = StubServer.start().always(Reply.ok("{\"revision\": 1}"));
        var tally = clientFor(stub, sleeper).build()) {
      assertThat(tally.hasApiKey()).isTrue();
      assertThat(tally.hasOperatorKey()).isFalse();

      assertThatThrownBy(() -> tally.operator().loadPriceBook("{}").execute())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no operator key")
          .hasMessageContaining("TALLY_OPERATOR_KEY");
      assertThat(stub.requests()).isEmpty();
    }
  }

  @Test
  void aPerRequestKeyReplacesTheOperatorKey() {
    try (var stub = StubServer.start().always(Reply.ok("{\"revision\": 1}"));
        var tally = operatorClientFor(stub, sleeper).build()) {
      tally
          .operator()
          .loadPriceBook("{}")
          .options(RequestOptions.builder().apiKey("TALLYOP1_other").build())
          .execute();

      assertThat(stub.onlyRequest().header("Authorization")).isEqualTo("Bearer TALLYOP1_other");
    }
  }

  @Test
  void theBillingApiKeepsSendingTheApiKey() {
    try (var stub = StubServer.start().always(Reply.ok("{\"invoices\": []}"));
        var tally = operatorClientFor(stub, sleeper).build()) {
      tally.billing().listInvoices().execute();

      assertThat(stub.onlyRequest().header("Authorization")).isEqualTo("Bearer " + API_KEY);
      assertThat(stub.onlyRequest().header("Content-Type")).isNull();
      assertThat(stub.onlyRequest().method()).isEqualTo("GET");
    }
  }

  @Test
  void anInvalidBodyIsABadRequestWithTheServersMessage() {
    try (var stub =
            StubServer.start()
                .always(
                    Reply.json(
                        400, status(3, "invalid price book: skus[0]: unknown quantity_unit")));
        var tally = operatorClientFor(stub, sleeper).build()) {
      assertThatThrownBy(() -> tally.operator().loadPriceBook("{\"version\": 1}").execute())
          .isInstanceOfSatisfying(
              BadRequestException.class,
              e -> {
                assertThat(e.grpcCode()).contains(GrpcCode.INVALID_ARGUMENT);
                assertThat(e.serverMessage()).startsWith("invalid price book");
                assertThat(e.method()).isEqualTo("PUT");
              })
          .hasMessageStartingWith("PUT " + stub.baseUrl() + "/operator/v1/price-book: HTTP 400");
    }
  }

  @Test
  void aRejectedOperatorKeyIsUnauthenticated() {
    try (var stub = StubServer.start().always(Reply.json(401, status(16, "unknown operator key")));
        var tally = operatorClientFor(stub, sleeper).build()) {
      assertThatThrownBy(() -> tally.operator().closePeriod(BillingPeriod.of(2026, 9)).execute())
          .isInstanceOf(UnauthenticatedException.class);
    }
  }

  @Test
  void anAnswerOfAnotherShapeIsAnUnexpectedResponse() {
    try (var stub = StubServer.start().always(Reply.ok("{\"period\": {\"month\": \"2026-10\"}}"));
        var tally = operatorClientFor(stub, sleeper).build()) {
      assertThatThrownBy(() -> tally.operator().closePeriod(BillingPeriod.of(2026, 10)).execute())
          .isInstanceOf(UnexpectedResponseException.class)
          .hasMessageContaining("a JSON PeriodCloseSummary");
    }
  }

  @Test
  void requestsCheckTheirArgumentsBeforeSendingAnything() {
    try (var stub = StubServer.start();
        var tally = operatorClientFor(stub, sleeper).build()) {
      var adjustment = new AdjustmentRequest(BillingPeriod.of(2026, 11), "x", BigDecimal.ONE);
      assertThatThrownBy(() -> tally.operator().addAdjustment("..", adjustment))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () -> tally.operator().ingestUsage(java.util.Collections.nCopies(10_001, EVENT)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at most 10000");
      assertThat(stub.requests()).isEmpty();
    }
  }

  @Test
  void aRequestDescribesItselfByMethodAndPath() {
    try (var stub = StubServer.start();
        var tally = operatorClientFor(stub, sleeper).build()) {
      assertThat(tally.operator().closePeriod(BillingPeriod.of(2026, 10)))
          .hasToString("POST /operator/v1/periods/2026-10/close");
      assertThat(tally.operator().loadPriceBook("{}")).hasToString("PUT /operator/v1/price-book");
    }
  }

  @Test
  void asyncExecutionAnswersTheSameModel() throws Exception {
    try (var stub = StubServer.start().always(Reply.ok("{\"revision\": 3}"));
        var tally = operatorClientFor(stub, sleeper).build()) {
      assertThat(tally.operator().loadPriceBook("{}").executeAsync().get().revision()).isEqualTo(3);
    }
  }
}
