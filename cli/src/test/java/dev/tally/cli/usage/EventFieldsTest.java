package dev.tally.cli.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.model.WireJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A line's fields become a typed event, or a rejection saying why, never silently nothing. */
class EventFieldsTest {

  private static UsageLine csv(String quantity, String timestamp) {
    return EventFields.fromCsv(7, List.of("e-1", "acme", "c-1", "sku", quantity, timestamp), 40);
  }

  private static UsageLine json(String line) throws Exception {
    return EventFields.fromJson(3, (ObjectNode) WireJson.mapper().readTree(line), line.length());
  }

  @Test
  void aWellFormedCsvRecordIsATypedEventWithItsExactQuantity() {
    assertThat(csv(" 1.50 ", "2026-11-02t10:00:00.5+01:00"))
        .isInstanceOfSatisfying(
            UsageLine.Event.class,
            e -> {
              assertThat(e.lineNumber()).isEqualTo(7);
              assertThat(e.event().quantity()).isEqualByComparingTo("1.5");
              assertThat(e.event().timestamp()).isEqualTo(Instant.parse("2026-11-02T09:00:00.5Z"));
              assertThat(e.eventId()).isEqualTo("e-1");
            });
  }

  @Test
  void aQuantityOrTimestampAUsageEventCannotHoldIsRejectedWithTheLinesEventId() {
    assertThat(csv("lots", "2026-11-02T10:00:00Z"))
        .isEqualTo(
            new UsageLine.Malformed(
                7,
                "e-1",
                "quantity must be a decimal number written with digits 0-9"
                    + " and an optional point, such as \"12.5\", got 'lots'"));
    assertThat(csv("", "2026-11-02T10:00:00Z"))
        .isEqualTo(new UsageLine.Malformed(7, "e-1", "quantity is missing"));
    assertThat(csv("1e999999999", "2026-11-02T10:00:00Z"))
        .isInstanceOfSatisfying(
            UsageLine.Malformed.class,
            m ->
                assertThat(m.reason()).contains("written with digits 0-9").contains("1e999999999"));
    assertThat(csv("1000000000000000", "2026-11-02T10:00:00Z"))
        .isInstanceOfSatisfying(
            UsageLine.Malformed.class,
            m -> assertThat(m.reason()).isEqualTo("quantity is too large: it must be below 10^15"));
    // Not RFC 3339 (no seconds), though java.time's ISO reader would take it.
    assertThat(csv("1", "2026-11-02T10:00Z"))
        .isInstanceOfSatisfying(
            UsageLine.Malformed.class,
            m -> assertThat(m.reason()).startsWith("timestamp must be an RFC 3339 time such as "));
  }

  @Test
  void anNdjsonObjectMissingAFieldOrWithAFieldOfTheWrongTypeIsRejected() throws Exception {
    assertThat(
            json(
                "{\"event_id\":\"j-1\",\"organization_id\":\"o\",\"cluster_id\":\"c\","
                    + "\"quantity\":1,\"timestamp\":\"2026-11-02T10:00:00Z\"}"))
        .isEqualTo(new UsageLine.Malformed(3, "j-1", "sku is missing"));
    assertThat(
            json(
                "{\"event_id\":5,\"organization_id\":\"o\",\"cluster_id\":\"c\",\"sku\":\"s\","
                    + "\"quantity\":1,\"timestamp\":\"2026-11-02T10:00:00Z\"}"))
        .isEqualTo(new UsageLine.Malformed(3, null, "event_id must be a JSON string"));
    assertThat(
            json(
                "{\"event_id\":\"j-3\",\"organization_id\":\"o\",\"cluster_id\":\"c\","
                    + "\"sku\":\"s\",\"quantity\":true,\"timestamp\":\"2026-11-02T10:00:00Z\"}"))
        .isEqualTo(new UsageLine.Malformed(3, "j-3", "quantity must be a decimal number"));
    assertThat(
            json(
                "{\"event_id\":\"j-4\",\"organization_id\":\"o\",\"cluster_id\":\"c\","
                    + "\"sku\":\"s\",\"quantity\":\"2.5\",\"timestamp\":1700000000}"))
        .isInstanceOfSatisfying(
            UsageLine.Malformed.class,
            m -> assertThat(m.reason()).startsWith("timestamp must be a JSON string"));
    assertThat(
            json(
                "{\"event_id\":\"j-5\",\"organization_id\":\"o\",\"cluster_id\":\"c\","
                    + "\"sku\":\"s\",\"quantity\":2.5,\"timestamp\":\"2026-11-02T10:00:00Z\"}"))
        .isInstanceOfSatisfying(
            UsageLine.Event.class,
            e -> assertThat(e.event().quantity()).isEqualByComparingTo("2.5"));
  }
}
