package dev.tally.server.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The fingerprint that deduplication compares with fingerprints stored by earlier versions: it must
 * stay SHA-256 of "cluster \n sku \n quantity without trailing zeros \n Instant.toString()".
 */
class UsageEventTest {

  /** The definition, written the plain way. */
  private static String reference(UsageEvent e) throws Exception {
    String content =
        e.clusterId()
            + "\n"
            + e.sku()
            + "\n"
            + e.quantity().stripTrailingZeros().toPlainString()
            + "\n"
            + e.timestamp().toString();
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
  }

  private static UsageEvent event(String quantity, Instant at) {
    return new UsageEvent(
        "evt-1", "org-1", "cluster-1", "standard.compute", new BigDecimal(quantity), at);
  }

  @Test
  void theFingerprintOfAKnownEventNeverChanges() {
    // sha256sum of "cluster-1\nstandard.compute\n1.5\n2026-11-03T10:15:30.120Z"
    String pinned = "7137c8aa5f152f66591f136be544836ea439c1c341ea2f1ecaeca3f9a98820ae";
    assertThat(event("1.50", Instant.parse("2026-11-03T10:15:30.120Z")).fingerprint())
        .isEqualTo(event("1.5", Instant.parse("2026-11-03T10:15:30.12Z")).fingerprint())
        .isEqualTo(pinned);
  }

  @Test
  void theFingerprintIsSha256OfClusterSkuQuantityAndTimestampText() throws Exception {
    for (String at :
        new String[] {
          "1970-01-01T00:00:00Z",
          "2026-11-03T10:15:30Z",
          "2026-11-03T10:15:30.100Z",
          "2026-11-03T10:15:30.000100Z",
          "2026-11-03T10:15:30.000000001Z",
          "2026-12-31T23:59:59.999999999Z",
          "0001-01-01T00:00:00Z",
          "1969-12-31T23:59:59.5Z",
          "9999-12-31T23:59:59.999Z",
          "+10000-01-01T00:00:00Z"
        }) {
      UsageEvent e = event("0.000000000001", Instant.parse(at));
      assertThat(e.fingerprint()).as(at).isEqualTo(reference(e));
    }
  }

  @Test
  void theTimestampIsWrittenExactlyAsInstantWritesIt() {
    qt().withExamples(20_000)
        .forAll(
            longs().between(-62_135_596_800L, 253_402_300_799L + 86_400L * 365),
            integers().between(0, 999_999_999),
            integers().between(0, 3))
        .checkAssert(
            (seconds, nano, rounding) -> {
              // Every width of fraction, not only the rare random nine digits.
              int n =
                  switch (rounding) {
                    case 0 -> 0;
                    case 1 -> nano / 1_000_000 * 1_000_000;
                    case 2 -> nano / 1_000 * 1_000;
                    default -> nano;
                  };
              Instant t = Instant.ofEpochSecond(seconds, n);
              assertThat(UsageEvent.instantText(t)).isEqualTo(t.toString());
            });
  }
}
