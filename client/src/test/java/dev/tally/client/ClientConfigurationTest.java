package dev.tally.client;

import static dev.tally.client.Fixtures.invoice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.client.StubServer.Reply;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientConfigurationTest {

  private static TallyClient.Builder withEnv(StubServer stub, Map<String, String> env) {
    return TallyClient.builder()
        .baseUrl(stub.baseUrl())
        .environment(env::get)
        .sleeper(new RecordingSleeper());
  }

  private static String authorizationSent(TallyClient.Builder builder, StubServer stub) {
    try (var tally = builder.build()) {
      tally.billing().getInvoice("inv-1").execute();
    }
    var requests = stub.requests();
    return requests.get(requests.size() - 1).header("Authorization");
  }

  @Test
  void apiKeyComesFromCockroachApiKeyFirst() {
    try (var stub = StubServer.start().always(Reply.ok(invoice("inv-1")))) {
      var env = Map.of("COCKROACH_API_KEY", "crdb-key", "TALLY_API_KEY", "tally-key");
      assertThat(authorizationSent(withEnv(stub, env), stub)).isEqualTo("Bearer crdb-key");
    }
  }

  @Test
  void apiKeyFallsBackToTallyApiKeyWhenCockroachApiKeyIsUnsetOrBlank() {
    try (var stub = StubServer.start().always(Reply.ok(invoice("inv-1")))) {
      assertThat(authorizationSent(withEnv(stub, Map.of("TALLY_API_KEY", "tally-key")), stub))
          .isEqualTo("Bearer tally-key");
      var blank = Map.of("COCKROACH_API_KEY", "  ", "TALLY_API_KEY", "tally-key");
      assertThat(authorizationSent(withEnv(stub, blank), stub)).isEqualTo("Bearer tally-key");
    }
  }

  @Test
  void builderApiKeyWinsOverTheEnvironment() {
    try (var stub = StubServer.start().always(Reply.ok(invoice("inv-1")))) {
      var env = Map.of("COCKROACH_API_KEY", "crdb-key", "TALLY_API_KEY", "tally-key");
      assertThat(authorizationSent(withEnv(stub, env).apiKey("explicit"), stub))
          .isEqualTo("Bearer explicit");
    }
  }

  @Test
  void requestWithoutAnyKeyFailsBeforeSendingAndSaysWhereKeysComeFrom() {
    try (var stub = StubServer.start().always(Reply.ok(invoice("inv-1")));
        var tally = withEnv(stub, Map.of()).build()) {
      assertThat(tally.hasApiKey()).isFalse();
      assertThatThrownBy(() -> tally.billing().getInvoice("inv-1").execute())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("COCKROACH_API_KEY")
          .hasMessageContaining("TALLY_API_KEY");
      assertThatThrownBy(() -> tally.billing().getInvoice("inv-1").executeAsync())
          .isInstanceOf(IllegalStateException.class);
      assertThat(stub.requests()).isEmpty();

      var keyed = RequestOptions.builder().apiKey("per-request").build();
      tally.billing().getInvoice("inv-1").options(keyed).execute();
      assertThat(stub.onlyRequest().header("Authorization")).isEqualTo("Bearer per-request");
    }
  }

  @Test
  void closingClosesTheOwnedHttpClientOnly() {
    var own = TallyClient.builder().apiKey("k").build();
    own.close();
    assertThat(own.httpClient().isTerminated()).isTrue();

    try (HttpClient supplied = HttpClient.newHttpClient()) {
      var borrowing = TallyClient.builder().apiKey("k").httpClient(supplied).build();
      borrowing.close();
      borrowing.close();
      assertThat(supplied.isTerminated()).isFalse();
      assertThatThrownBy(() -> borrowing.billing().listInvoices().execute())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
  }

  @Test
  void suppliedHttpClientIsUsedForRequests() {
    try (var stub = StubServer.start().always(Reply.ok(invoice("inv-1")));
        HttpClient supplied = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var tally =
            TallyClient.builder()
                .baseUrl(stub.baseUrl())
                .apiKey("k")
                .httpClient(supplied)
                .build()) {
      assertThat(tally.httpClient()).isSameAs(supplied);
      assertThat(tally.billing().getInvoice("inv-1").execute().invoiceId()).isEqualTo("inv-1");
    }
  }

  @Test
  void connectTimeoutCannotBeCombinedWithASuppliedHttpClient() {
    try (HttpClient supplied = HttpClient.newHttpClient()) {
      var builder =
          TallyClient.builder().httpClient(supplied).connectTimeout(Duration.ofSeconds(1));
      assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    try (var tally = TallyClient.builder().environment(n -> null).build()) {
      assertThat(tally.baseUrl()).hasToString("https://cockroachlabs.cloud");
      assertThat(tally.apiVersion()).isEqualTo("2024-09-16");
      assertThat(tally.maxRetries()).isEqualTo(2);
      assertThat(tally.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
      assertThat(tally.httpClient().connectTimeout()).contains(Duration.ofSeconds(10));
      assertThat(tally.httpClient().followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
      assertThat(tally.userAgent()).startsWith("tally-java/").doesNotEndWith("unknown");
    }
  }

  @Test
  void invalidSettingsAreRefused() {
    var builder = TallyClient.builder();
    assertThatThrownBy(() -> builder.maxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.maxRetries(11)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.requestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.apiKey(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.apiKey("sk-secret\nX: y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("sk-secret");
    assertThatThrownBy(() -> builder.apiVersion("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringsNeverShowTheApiKey() {
    try (var tally = TallyClient.builder().apiKey("sk-very-secret").build()) {
      assertThat(tally.toString()).doesNotContain("sk-very-secret").contains("<redacted>");
    }
    var options =
        RequestOptions.builder()
            .apiKey("sk-very-secret")
            .header("X-Auth-Token", "tok-1")
            .header("X-Team", "billing")
            .maxRetries(1)
            .build();
    assertThat(options.toString())
        .doesNotContain("sk-very-secret")
        .doesNotContain("tok-1")
        .contains("X-Team=billing")
        .contains("maxRetries=1");
    assertThat(RequestOptions.none()).hasToString("RequestOptions{}");
  }
}
