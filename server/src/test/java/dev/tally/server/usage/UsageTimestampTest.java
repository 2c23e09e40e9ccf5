package dev.tally.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Usage timestamps are read by the same strict RFC 3339 parser as the Billing API's times. */
class UsageTimestampTest {

  private static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");

  private static JsonNode event(String timestamp) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("event_id", "e1")
        .put("organization_id", "o")
        .put("cluster_id", "c")
        .put("sku", "s")
        .put("quantity", "1")
        .put("timestamp", timestamp);
    return node;
  }

  @Test
  void offsetsAndFractionsAreReadAsInstants() {
    assertThat(UsageEventParser.read(event("2026-11-01T10:00:00+02:00"), NOW))
        .isEqualTo(
            new UsageEventParser.Valid(
                new UsageEvent(
                    "e1",
                    "o",
                    "c",
                    "s",
                    java.math.BigDecimal.ONE,
                    Instant.parse("2026-11-01T08:00:00Z"))));
    assertThat(UsageEventParser.read(event("2026-11-01t10:00:00.5z"), NOW))
        .isInstanceOfSatisfying(
            UsageEventParser.Valid.class,
            v ->
                assertThat(v.event().timestamp())
                    .isEqualTo(Instant.parse("2026-11-01T10:00:00.500Z")));
  }

  @Test
  void whatTheBillingApiRejectsIsRejectedWithTheFieldNamed() {
    for (String bad :
        new String[] {
          "2026-02-30T00:00:00Z",
          "2026-11-01T24:00:00Z",
          "2026-11-01 10:00:00Z",
          "2026-1x-01T10:00:00Z",
          "2026-11-01T10:00:00.1234567890Z",
          "2026-11-01T10:00Z",
          "2026-11-01T10:00:00",
          "+2026-11-01T10:00:00Z",
          "２０２６-11-01T10:00:00Z"
        }) {
      assertThat(UsageEventParser.read(event(bad), NOW))
          .as(bad)
          .isInstanceOfSatisfying(
              UsageEventParser.Invalid.class,
              invalid ->
                  assertThat(invalid.reason()).startsWith("timestamp must be an RFC 3339 time"));
    }
  }
}
