package dev.tally.server.orgs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.server.errors.Failure;
import org.junit.jupiter.api.Test;

class IdRulesTest {

  @Test
  void aNameIsCountedInCharactersAsAPersonCountsThem() {
    String emoji = "\uD83D\uDE00";
    assertThat(IdRules.requireName("name", emoji.repeat(200))).hasSize(400);
    assertThatThrownBy(() -> IdRules.requireName("name", emoji.repeat(201)))
        .isInstanceOf(Failure.class)
        .hasMessage("name is 201 characters long; the limit is 200");
    assertThat(IdRules.requireName("name", "東".repeat(200))).hasSize(200);
  }

  @Test
  void aNameIsStrippedAndMustNotBeBlankOrHoldControlCharacters() {
    assertThat(IdRules.requireName("name", "  Premium support ")).isEqualTo("Premium support");
    assertThatThrownBy(() -> IdRules.requireName("name", " \t"))
        .hasMessage("name must not be empty");
    for (String broken :
        new String[] {"two\nlines", "two\u2028lines", "two\u2029lines", "a\u0085b", "half\uD800"}) {
      assertThatThrownBy(() -> IdRules.requireName("name", broken))
          .hasMessage("name must not contain control characters such as line breaks or tabs");
    }
    // Format characters are part of names: a joiner inside an emoji, a non-joiner in Persian.
    assertThat(IdRules.requireName("name", "\uD83D\uDC68\u200D\uD83D\uDCBB team"))
        .isEqualTo("\uD83D\uDC68\u200D\uD83D\uDCBB team");
    assertThat(IdRules.requireName("name", "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645"))
        .hasSize(8);
  }

  @Test
  void anIdsLengthIsCountedInCodePoints() {
    String emoji = "\uD83D\uDE00";
    assertThatThrownBy(() -> IdRules.requireValid("invoice_id", emoji.repeat(65)))
        .hasMessageStartingWith("invoice_id may only contain letters, digits");
    assertThatThrownBy(() -> IdRules.requireValid("invoice_id", emoji.repeat(129)))
        .hasMessage("invoice_id is 129 characters long; the limit is 128");
    assertThatThrownBy(() -> IdRules.requireValid("invoice_id", "x".repeat(129)))
        .hasMessage("invoice_id is 129 characters long; the limit is 128");
  }
}
