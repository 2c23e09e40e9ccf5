package dev.tally.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeySecretTest {

  @Test
  void mintedTokensHaveTheThreePartFormAndDistinctIds() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      ApiKeySecret.Minted minted = ApiKeySecret.mint();
      assertThat(minted.token()).matches("TALLY1_[0-9A-Za-z]{22}_[0-9A-Za-z]{40}");
      assertThat(ApiKeySecret.keyIdOf(minted.token())).contains(minted.keyId());
      ids.add(minted.keyId());
    }
    assertThat(ids).hasSize(1000);
  }

  @Test
  void onlyTheExactTokenMatchesItsHash() {
    String token = ApiKeySecret.mint().token();
    String hash = ApiKeySecret.sha256(token);
    assertThat(hash).hasSize(64).doesNotContain(token.substring(30));
    assertThat(ApiKeySecret.matches(token, hash)).isTrue();
    assertThat(ApiKeySecret.matches(token + "x", hash)).isFalse();
    // Another last character: a fixed one would be the token's own one time in 62.
    char last = token.charAt(token.length() - 1);
    String changed = token.substring(0, token.length() - 1) + (last == '0' ? '1' : '0');
    assertThat(ApiKeySecret.matches(changed, hash)).isFalse();
  }

  @Test
  void malformedTokensHaveNoKeyId() {
    for (String bad :
        new String[] {
          "",
          "TALLY1",
          "TALLY1__",
          "CCDB1_abc_def",
          "TALLY1_short_short",
          "TALLY1_" + "a".repeat(22) + "_" + "b".repeat(41),
          "TALLY1_" + "a".repeat(22) + "_" + "b".repeat(39) + "!",
          "TALLY1_" + "a".repeat(21) + "é_" + "b".repeat(40),
          "TALLY1_" + "a".repeat(23) + "b".repeat(40),
          "TALLY1-" + "a".repeat(22) + "_" + "b".repeat(40),
          "tally1_" + "a".repeat(22) + "_" + "b".repeat(40),
          "TALLYOP1_" + "a".repeat(22) + "_" + "b".repeat(40)
        }) {
      assertThat(ApiKeySecret.keyIdOf(bad)).as(bad).isEmpty();
    }
    assertThat(ApiKeySecret.keyIdOf(null)).isEmpty();
    assertThat(ApiKeySecret.keyIdOf("TALLY1_" + "a".repeat(22) + "_" + "b".repeat(40)))
        .contains("a".repeat(22));
    assertThat(
            ApiKeySecret.keyIdOf(
                ApiKeySecret.OPERATOR, "TALLYOP1_" + "Z9".repeat(11) + "_" + "b".repeat(40)))
        .contains("Z9".repeat(11));
  }
}
