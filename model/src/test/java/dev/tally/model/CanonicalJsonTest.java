package dev.tally.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The digest's canonical encoding, exactly as docs/billing-model.md ("The digest") states it. */
class CanonicalJsonTest {

  private static String canonical(String json) throws Exception {
    return new String(
        CanonicalJson.bytes(WireJson.mapper().readTree(json)), StandardCharsets.UTF_8);
  }

  @Test
  void keysAreSortedNullsLeftOutAndThereIsNoWhitespace() throws Exception {
    assertThat(canonical("{ \"b\" : 1, \"a\" : [ true, false, null ], \"c\": null }"))
        .isEqualTo("{\"a\":[true,false,null],\"b\":1}");
    // UTF-16 code units: "Z" (U+005A) < "a" (U+0061) < "é" (U+00E9).
    assertThat(canonical("{\"é\":1,\"a\":2,\"Z\":3}")).isEqualTo("{\"Z\":3,\"a\":2,\"é\":1}");
  }

  @Test
  void numbersAreTheirExactPlainValue() throws Exception {
    assertThat(canonical("[30.00, 3.0E1, 30, 0.000000250, 1E-7, -0.0, 0, 1488.00, -12.50]"))
        .isEqualTo("[30,30,30,0.00000025,0.0000001,0,0,1488,-12.5]");
    assertThat(canonical("[123456789012345678901234567890.000000000001]"))
        .isEqualTo("[123456789012345678901234567890.000000000001]");
  }

  @Test
  void stringsEscapeOnlyQuotesBackslashesAndControlCharacters() throws Exception {
    assertThat(canonical("[\"a\\\"b\\\\c\\n\\u0001/é€😀\"]"))
        .isEqualTo("[\"a\\\"b\\\\c\\u000a\\u0001/é€😀\"]");
  }

  @Test
  void theDigestIsTheSha256OfTheEncoding() throws Exception {
    // SHA-256 of the two bytes {} is a well-known value.
    assertThat(CanonicalJson.sha256Hex(WireJson.mapper().readTree("{ }")))
        .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  }
}
