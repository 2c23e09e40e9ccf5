package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.server.auth.ApiKeySecret;
import org.junit.jupiter.api.Test;

/**
 * What a logged path keeps of a key a client put in its URL: nothing of the secret, whatever
 * separates it from the prefix, and nothing of a secret sent without its prefix.
 */
class LogTextTest {

  private static final String KEY = ApiKeySecret.mint().token();
  private static final String OPERATOR = ApiKeySecret.mint(ApiKeySecret.OPERATOR).token();
  private static final String ID = KEY.split("_")[1];
  private static final String SECRET = KEY.split("_")[2];

  private static void assertNoSecret(String logged) {
    assertThat(logged).doesNotContain(SECRET).doesNotContain(SECRET.substring(0, 20));
    assertThat(logged).doesNotContain(SECRET.substring(20));
  }

  @Test
  void aPrefixedKeyIsRedactedToTheEndOfItsSegmentWhateverSeparatorFollows() {
    for (String separator : new String[] {"%20", "%3D", "%3d", "%2F", "%3F", ";", "=", "%3B"}) {
      String split = "TALLY1_" + ID + "_" + SECRET.substring(0, 10) + separator;
      String path = "/api/v1/invoices/" + split + SECRET.substring(10) + "/pdf";
      String logged = LogText.path(path);
      assertThat(logged).as(path).isEqualTo("/api/v1/invoices/[redacted]/pdf");
    }
    assertThat(LogText.path("/operator/v1/" + OPERATOR.replace("_", "%5F") + "%20x/y"))
        .isEqualTo("/operator/v1/[redacted]/y");
  }

  @Test
  void aKeyWithoutItsPrefixLosesItsSecret() {
    String logged = LogText.path("/api/v1/invoices/" + ID + "_" + SECRET);
    assertThat(logged).isEqualTo("/api/v1/invoices/" + ID + "_[redacted]");
    assertNoSecret(LogText.path("/x/" + ID + SECRET));
    assertNoSecret(LogText.path("/x/a" + SECRET + "%20b"));
  }

  @Test
  void anySecretLongRunOfLettersAndDigitsIsRedactedAndShorterOnesStay() {
    String run40 = "a".repeat(39) + "1";
    assertThat(LogText.path("/x/" + run40)).isEqualTo("/x/[redacted]");
    assertThat(LogText.path("/x/pre-" + run40 + "-post")).isEqualTo("/x/pre-[redacted]-post");
    String run39 = "b".repeat(39);
    assertThat(LogText.path("/x/" + run39)).isEqualTo("/x/" + run39);
    assertThat(LogText.path("/api/v1/invoices/inv_demo-org_2026-10"))
        .isEqualTo("/api/v1/invoices/inv_demo-org_2026-10");
  }

  @Test
  void aKeySplitAcrossSegmentsByTheClientKeepsOnlyPartsShorterThanASecret() {
    // The residual the README states: a literal "/" inside the secret leaves its parts apart.
    String logged =
        LogText.path(
            "/x/TALLY1_" + ID + "_" + SECRET.substring(0, 25) + "/" + SECRET.substring(25));
    assertThat(logged).isEqualTo("/x/[redacted]/" + SECRET.substring(25));
    assertThat(logged).doesNotContain(SECRET.substring(0, 25));
  }

  @Test
  void theQueryIsDroppedAndControlCharactersReplaced() {
    assertThat(LogText.path("/x/y?api_key=" + KEY)).isEqualTo("/x/y");
    assertThat(LogText.path("/x/%0Afake")).isEqualTo("/x/?fake");
  }

  @Test
  void aPrefixShorterThanASecretIsRedactedInAnyCaseAndPlaceAndOrdinarySegmentsStay() {
    assertThat(ApiKeySecret.ORGANIZATION).startsWith(LogText.KEY_START);
    assertThat(ApiKeySecret.OPERATOR).startsWith(LogText.KEY_START);
    assertThat(LogText.path("/x/abc_tAlLy1_short")).isEqualTo("/x/abc_[redacted]");
    assertThat(LogText.path("/x/a_%74ALLYop1%5Fshort")).isEqualTo("/x/a_[redacted]");
    assertThat(LogText.path("/api/v1/invoices/inv_demo-org_2026-10"))
        .isEqualTo("/api/v1/invoices/inv_demo-org_2026-10");
    assertThat(LogText.path("/x/tally_1_not-a-key")).isEqualTo("/x/tally_1_not-a-key");
  }

  @Test
  void everyControlCharacterIsReplacedAndOtherTextStays() {
    assertThat(LogText.path("/x/%0A%09a%7F%C2%85b")).isEqualTo("/x/??a??b");
    assertThat(LogText.path("/x/%F0%9F%92%B6-é")).isEqualTo("/x/\uD83D\uDCB6-é");
    // Unicode's own line breaks, a bidirectional override, zero-width characters, a tag character.
    assertThat(LogText.path("/x/a%E2%80%A8b%E2%80%A9c%E2%80%AEd%EF%BB%BFe%E2%80%8Bf%F3%A0%81%81g"))
        .isEqualTo("/x/a?b?c?d?e?f?g");
    String emoji = "%F0%9F%98%80";
    assertThat(LogText.path("/x/" + emoji.repeat(250)))
        .isEqualTo("/x/" + "\uD83D\uDE00".repeat(LogText.MAX_PATH - 3) + "...");
  }
}
