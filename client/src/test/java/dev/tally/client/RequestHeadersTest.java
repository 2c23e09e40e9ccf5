package dev.tally.client;

import static dev.tally.client.Fixtures.API_KEY;
import static dev.tally.client.Fixtures.clientFor;
import static dev.tally.client.Fixtures.invoice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.client.StubServer.Reply;
import org.junit.jupiter.api.Test;

class RequestHeadersTest {

  private final RecordingSleeper sleeper = new RecordingSleeper();

  @Test
  void defaultHeadersAreBearerKeyApiVersionUserAgentAndJson() {
    try (var stub = StubServer.start().always(Reply.ok(invoice("inv-1")));
        var tally = clientFor(stub, sleeper).build()) {
      tally.billing().getInvoice("inv-1").execute();

      var request = stub.onlyRequest();
      assertThat(request.method()).isEqualTo("GET");
      assertThat(request.header("Authorization")).isEqualTo("Bearer " + API_KEY);
      assertThat(request.header("Cc-Version")).isEqualTo("2024-09-16");
      assertThat(request.header("Accept")).isEqualTo("application/json");
      assertThat(request.header("User-Agent"))
          .matches("tally-java/\\d+\\.\\d+\\.\\d+[-.A-Za-z0-9]*");
    }
  }

  @Test
  void clientApiVersionAndUserAgentPrefixAreSent() {
    try (var stub = StubServer.start().always(Reply.ok(invoice("inv-1")));
        var tally =
            clientFor(stub, sleeper)
                .apiVersion("2025-01-01")
                .userAgentPrefix("acme-billing/2.1")
                .build()) {
      tally.billing().getInvoice("inv-1").execute();

      var request = stub.onlyRequest();
      assertThat(request.header("Cc-Version")).isEqualTo("2025-01-01");
      assertThat(request.header("User-Agent")).startsWith("acme-billing/2.1 tally-java/");
      assertThat(tally.userAgent()).isEqualTo(request.header("User-Agent"));
    }
  }

  @Test
  void requestOptionsOverrideApiVersionAndKeyAndAddHeaders() {
    try (var stub = StubServer.start().always(Reply.ok(invoice("inv-1")));
        var tally = clientFor(stub, sleeper).build()) {
      var options =
          RequestOptions.builder()
              .apiVersion("2023-04-10")
              .apiKey("other-key")
              .header("X-Request-Id", "req-42")
              .header("Idempotency-Key", "abc")
              .build();

      tally.billing().getInvoice("inv-1").options(options).execute();
      tally.billing().getInvoice("inv-1").execute();

      var overridden = stub.requests().get(0);
      assertThat(overridden.header("Cc-Version")).isEqualTo("2023-04-10");
      assertThat(overridden.header("Authorization")).isEqualTo("Bearer other-key");
      assertThat(overridden.header("X-Request-Id")).isEqualTo("req-42");
      assertThat(overridden.header("Idempotency-Key")).isEqualTo("abc");
      var plain = stub.requests().get(1);
      assertThat(plain.header("Cc-Version")).isEqualTo("2024-09-16");
      assertThat(plain.header("Authorization")).isEqualTo("Bearer " + API_KEY);
      assertThat(plain.header("X-Request-Id")).isNull();
    }
  }

  @Test
  void headersTheSdkOwnsOrTheJdkForbidsAreRefusedAsExtraHeaders() {
    var builder = RequestOptions.builder();
    assertThatThrownBy(() -> builder.header("authorization", "Bearer x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiKey");
    assertThatThrownBy(() -> builder.header("Cc-Version", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiVersion");
    assertThatThrownBy(() -> builder.header("User-Agent", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.header("Host", "evil.example"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.header("X-Auth", "sk-secret\r\nInjected: yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("X-Auth")
        .hasMessageNotContaining("sk-secret")
        .hasNoCause();
  }

  @Test
  void laterOptionsReplaceEarlierOnesOnARequest() {
    try (var stub = StubServer.start().always(Reply.ok(invoice("inv-1")));
        var tally = clientFor(stub, sleeper).build()) {
      var first = RequestOptions.builder().header("X-A", "1").build();
      var second = first.toBuilder().header("x-a", "2").apiVersion("2020-01-01").build();

      var request = tally.billing().getInvoice("inv-1").options(first).options(second);
      request.execute();

      assertThat(request.options()).isSameAs(second);
      assertThat(stub.onlyRequest().header("X-A")).isEqualTo("2");
      assertThat(stub.onlyRequest().header("Cc-Version")).isEqualTo("2020-01-01");
    }
  }
}
