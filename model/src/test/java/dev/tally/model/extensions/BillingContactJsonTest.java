package dev.tally.model.extensions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.WireJson;
import org.junit.jupiter.api.Test;

/**
 * A billing contact's fields are null until set, and the JSON says so (README, extension routes).
 */
class BillingContactJsonTest {

  @Test
  void aContactNotSetIsWrittenWithNullFieldsNotAsAnEmptyObject() throws Exception {
    assertThat(WireJson.mapper().writeValueAsString(BillingContact.NONE))
        .isEqualTo("{\"name\":null,\"address\":null,\"email\":null}");
    assertThat(WireJson.mapper().writeValueAsString(new BillingContact("Acme", null, null)))
        .isEqualTo("{\"name\":\"Acme\",\"address\":null,\"email\":null}");
  }
}
