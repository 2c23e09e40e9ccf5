package dev.tally.model.operator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import dev.tally.model.BillingPeriod;
import dev.tally.model.GrpcCode;
import dev.tally.model.WireJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operator body, as the server sends and accepts it, reads into its record and writes back to
 * the same text, which is also the canonical form.
 */
class OperatorWireModelTest {

  private final ObjectMapper json = WireJson.mapper();

  static Stream<Arguments> documents() {
    return Stream.of(
        Arguments.of(
            UsageEvent.class,
            """
            {"event_id":"evt-1","organization_id":"acme","cluster_id":"c-1",\
            "sku":"basic.request_units","quantity":1500000.25,\
            "timestamp":"2026-10-04T12:00:00.125Z"}"""),
        Arguments.of(
            IngestUsageRequest.class,
            """
            {"events":[{"event_id":"evt-1","organization_id":"acme","cluster_id":"c-1",\
            "sku":"basic.storage","quantity":0.000000000001,"timestamp":"2026-10-04T12:00:00Z"}]}"""),
        Arguments.of(IngestUsageRequest.class, "{\"events\":[]}"),
        Arguments.of(
            IngestUsageResponse.class,
            """
            {"accepted":998,"duplicates":1,"rejected":[\
            {"index":3,"event_id":"evt-4","code":"NOT_FOUND","reason":"unknown sku basic.gpu"},\
            {"index":7,"code":"INVALID_ARGUMENT","reason":"an event must be a JSON object"}]}"""),
        Arguments.of(
            IngestUsageResponse.class, "{\"accepted\":2,\"duplicates\":0,\"rejected\":[]}"),
        Arguments.of(
            RejectedEvent.class,
            """
            {"index":0,"event_id":"evt-9","code":"FAILED_PRECONDITION",\
            "reason":"the billing period 2026-09 is closed"}"""),
        Arguments.of(PriceBookRevision.class, "{\"revision\":7}"),
        Arguments.of(
            PeriodCloseSummary.class,
            "{\"period\":\"2026-10\",\"closed\":12,\"already_closed\":3}"),
        Arguments.of(
            CreditGrantRequest.class,
            """
            {"amount":500.00,"starts_at":"2026-01-01T00:00:00Z","expires_at":"2027-01-01T00:00:00Z"}"""),
        Arguments.of(
            CreditGrantResponse.class,
            """
            {"id":"g-3f2a","amount":500.00,"starts_at":"2026-01-01T00:00:00Z",\
            "expires_at":"2027-01-01T00:00:00Z"}"""),
        Arguments.of(
            AdjustmentRequest.class,
            "{\"period\":\"2026-11\",\"name\":\"Premium support\",\"amount\":-15.00}"),
        Arguments.of(AdjustmentResponse.class, "{\"name\":\"Premium support\",\"amount\":100.00}"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("documents")
  void aDocumentReadsIntoItsRecordAndWritesBackToTheSameText(Class<?> type, String text)
      throws Exception {
    Object value = json.readValue(text, type);

    assertThat(json.writeValueAsString(value)).isEqualTo(text);
    assertThat(new String(WireJson.canonicalBytes(value), UTF_8)).isEqualTo(text);
    assertThat(json.readValue(json.writeValueAsString(value), type)).isEqualTo(value);
  }

  @Test
  void aUsageEventReadsIntoExactValues() throws Exception {
    UsageEvent event =
        json.readValue(
            """
        {"event_id":"evt-1","organization_id":"acme","cluster_id":"c-1","sku":"basic.storage",
         "quantity":0.1,"timestamp":"2026-10-04T14:00:00+02:00"}""",
            UsageEvent.class);

    assertThat(event)
        .isEqualTo(
            new UsageEvent(
                "evt-1",
                "acme",
                "c-1",
                "basic.storage",
                new BigDecimal("0.1"),
                Instant.parse("2026-10-04T12:00:00Z")));
  }

  @Test
  void aQuantityMayBeAJsonString() throws Exception {
    UsageEvent event =
        json.readValue(
            """
        {"event_id":"e","organization_id":"o","cluster_id":"c","sku":"s",
         "quantity":"12.500","timestamp":"2026-10-04T12:00:00Z"}""",
            UsageEvent.class);

    assertThat(event.quantity()).isEqualTo(new BigDecimal("12.500"));
    assertThat(json.writeValueAsString(event)).contains("\"quantity\":12.500");
  }

  @Test
  void timesAreReadWithTheStrictRfc3339Parser() {
    // java.time's ISO reader would take this time without seconds.
    assertThatThrownBy(
            () ->
                json.readValue(
                    """
        {"amount":1,"starts_at":"2026-01-01T00:00Z","expires_at":"2027-01-01T00:00:00Z"}""",
                    CreditGrantRequest.class))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageContaining("starts_at must be an RFC 3339 time such as 2026-01-01T00:00:00Z");
  }

  @Test
  void aPeriodIsTheStringYearDashMonth() throws Exception {
    AdjustmentRequest request =
        json.readValue(
            "{\"period\":\"2026-11\",\"name\":\"n\",\"amount\":1}", AdjustmentRequest.class);

    assertThat(request.period()).isEqualTo(BillingPeriod.of(2026, 11));
    assertThatThrownBy(
            () ->
                json.readValue(
                    "{\"period\":\"2026-11-01\",\"name\":\"n\",\"amount\":1}",
                    AdjustmentRequest.class))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageContaining("a billing period is written YYYY-MM");
    assertThatThrownBy(
            () ->
                json.readValue(
                    "{\"period\":{\"month\":\"2026-11\"},\"name\":\"n\",\"amount\":1}",
                    AdjustmentRequest.class))
        .hasMessageContaining("BillingPeriod");
  }

  @Test
  void aRejectionNamesItsGrpcCode() {
    assertThat(new RejectedEvent(0, "e", "NOT_FOUND", "x").grpcCode()).contains(GrpcCode.NOT_FOUND);
    assertThat(new RejectedEvent(0, "e", "SOMETHING_NEW", "x").grpcCode()).isEmpty();
  }

  @Test
  void anAnswerAccountsForEveryEventOfItsBatch() {
    IngestUsageResponse response =
        new IngestUsageResponse(
            5, 2, List.of(new RejectedEvent(1, null, "INVALID_ARGUMENT", "bad")));

    assertThat(response.total()).isEqualTo(8);
  }

  @Test
  void aBatchHoldsAtMostTenThousandEvents() {
    UsageEvent event =
        new UsageEvent("e", "o", "c", "s", BigDecimal.ONE, Instant.parse("2026-10-04T12:00:00Z"));

    assertThat(new IngestUsageRequest(java.util.Collections.nCopies(10_000, event)).events())
        .hasSize(10_000);
    assertThatThrownBy(() -> new IngestUsageRequest(java.util.Collections.nCopies(10_001, event)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a batch may hold at most 10000 events, got 10001");
  }

  @Test
  void missingRequiredFieldsAreErrorsNotNulls() {
    assertThatThrownBy(() -> json.readValue("{\"event_id\":\"e\"}", UsageEvent.class))
        .hasMessageContaining("organization_id");
    assertThatThrownBy(
            () -> json.readValue("{\"revision\":1,\"closed\":1}", PeriodCloseSummary.class))
        .hasMessageContaining("period");
  }
}
