package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.ContractValidator;
import dev.tally.server.testing.RawHttp;
import dev.tally.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator API reads its input strictly: JSON checked at the door (type, encoding, size), then
 * strictly parsed, then every field checked before the database sees it; each refusal a 4xx Status
 * naming the field and the rule in Tally's words.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class StrictInputTest {

  @Parameter Backend backend;

  private static TestServer server;
  private static String operator;
  private static String org;
  private static String cluster;

  @BeforeParameterizedClassInvocation
  static void seed(Backend backend) {
    server = TestServer.on(backend);
    operator = server.operatorKey();
    TestServer.Tenant tenant = server.tenant("Strict", Instant.parse("2026-01-01T00:00:00Z"), "c1");
    org = tenant.orgId();
    cluster = tenant.clusters().get(0).id();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    server.close();
  }

  private static String adjustments() {
    return "/operator/v1/organizations/" + org + "/adjustments";
  }

  private static String grants() {
    return "/operator/v1/organizations/" + org + "/credit-grants";
  }

  private static HttpResponse<String> send(
      String method, String path, byte[] body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri(path))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Authorization", "Bearer " + operator);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return server.send(request.build());
  }

  private static HttpResponse<String> rejected(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    ContractValidator.assertStatusBody(response);
    assertThat(response.body())
        .doesNotContainIgnoringCase("jackson")
        .doesNotContain("FAIL_ON")
        .doesNotContain("STRICT_")
        .doesNotContain("Unrecognized field")
        .doesNotContain("com.fasterxml")
        .doesNotContain("StreamReadConstraints")
        .doesNotContain("JsonParser");
    return response;
  }

  private static HttpResponse<String> postJson(String path, String json) {
    return server.post(path, operator, json);
  }

  @Test
  void aFieldNamedTwiceIsRefusedNamingIt() {
    assertThat(
            rejected(
                    postJson(
                        adjustments(),
                        "{\"period\":\"2026-11\",\"amount\":\"1.00\",\"amount\":\"900.00\"}"),
                    400)
                .body())
        .contains("\\\"amount\\\" appears more than once");
  }

  @Test
  void aFieldTheRouteDoesNotKnowIsRefusedNamingIt() {
    // A misspelt optional field would otherwise be left out silently: a grant that never expires.
    assertThat(
            rejected(
                    postJson(
                        grants(), "{\"amount\":\"5.00\",\"expires\":\"2027-01-01T00:00:00Z\"}"),
                    400)
                .body())
        .contains(
            "unknown field \\\"expires\\\" in the body; its fields are amount, starts_at, expires_at");
    assertThat(
            rejected(
                    postJson(
                        adjustments(), "{\"period\":\"2026-11\",\"amount\":\"1\",\"label\":\"x\"}"),
                    400)
                .body())
        .contains("unknown field \\\"label\\\"");
    assertThat(
            rejected(postJson("/operator/v1/usage-events", "{\"events\":[],\"dry_run\":true}"), 400)
                .body())
        .contains("unknown field \\\"dry_run\\\"");
    assertThat(server.queryLong("SELECT COUNT(*) FROM credit_grants")).isZero();
  }

  @Test
  void anEventWithAFieldNoEventHasIsRejectedAloneWithTheReason() {
    String event =
        "{\"event_id\":\"%s\",\"organization_id\":\""
            + org
            + "\",\"cluster_id\":\""
            + cluster
            + "\",\"sku\":\"standard.compute\",\"quantity\":1,"
            + "\"timestamp\":\"2026-11-01T00:00:00Z\"%s}";
    HttpResponse<String> response =
        postJson(
            "/operator/v1/usage-events",
            "{\"events\":["
                + event.formatted("strict-extra", ",\"region\":\"eu\"")
                + ","
                + event.formatted("strict-plain", "")
                + "]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"accepted\":1")
        .contains("\"event_id\":\"strict-extra\"")
        .contains("unknown field \\\"region\\\"; an event's fields are event_id,");
  }

  @Test
  void anEventsUnknownFieldIsQuotedAsEveryMessageQuotesInput() throws Exception {
    String event =
        "{\"event_id\":\"strict-odd\",\"organization_id\":\""
            + org
            + "\",\"cluster_id\":\""
            + cluster
            + "\",\"sku\":\"standard.compute\",\"quantity\":1,"
            + "\"timestamp\":\"2026-11-01T00:00:00Z\",\"a\\u2028b\\u202ec\\u0085"
            + "\uD83D\uDE00".repeat(70)
            + "\":1}";
    HttpResponse<String> response =
        postJson("/operator/v1/usage-events", "{\"events\":[" + event + "]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    // CallerText.quote: line breaks, bidirectional and control characters as ?, 64 code points.
    assertThat(new ObjectMapper().readTree(response.body()).at("/rejected/0/reason").asText())
        .startsWith("unknown field \"a?b?c?" + "\uD83D\uDE00".repeat(58) + "…\";");
  }

  @Test
  void contentAfterTheBodyIsRefused() {
    assertThat(
            rejected(postJson(adjustments(), "{\"period\":\"2026-11\",\"amount\":\"1\"} {}"), 400)
                .body())
        .contains("more after the JSON value");
    rejected(postJson("/operator/v1/usage-events", "{\"events\":[]}]"), 400);
    // ... whether or not what follows would parse as JSON.
    assertThat(rejected(postJson("/operator/v1/usage-events", "{\"events\":[]} xyz"), 400).body())
        .contains("more after the JSON value")
        .contains("line 1, column 14");
    // A NUL byte ended the parser's input, and what followed it went unread.
    assertThat(
            rejected(postJson("/operator/v1/usage-events", "{\"events\":[]}\u0000garbage"), 400)
                .body())
        .contains("NUL byte (at byte 14)");
    rejected(postJson("/operator/v1/usage-events", "{\"events\":[]} \u0000\u0000"), 400);
    rejected(
        send(
            "PUT",
            "/operator/v1/price-book",
            "{}\u0000zzz".getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/json"),
        400);
  }

  @Test
  void aPriceBookIsReadFromTheStrictParseSoAByteOrderMarkChangesNothing() {
    String book = "{\"version\":1,\"skus\":[{\"sku\":\"x\"}]}";
    String plain = refusedPriceBook(book);
    String marked = refusedPriceBook("\uFEFF" + book);

    assertThat(plain).contains("invalid price book").doesNotContain("Unexpected character");
    assertThat(marked).isEqualTo(plain);
  }

  @Test
  void aPriceBooksDescriptionIsOneLineAsEveryNamePrintedOnAnInvoiceIs() {
    for (String description :
        new String[] {
          "Basic\\u0000storage", "Basic\\nstorage", "Basic\\u001b[31mstorage", "Basic\\u2028storage"
        }) {
      String book =
          "{\"version\":1,\"skus\":[{\"sku\":\"odd.storage\",\"description\":\""
              + description
              + "\",\"quantity_unit\":\"GIB_HOURS\",\"unit_price\":\"1\","
              + "\"effective_from\":\"2024-01-01\"}]}";
      assertThat(refusedPriceBook(book))
          .as(description)
          .contains(
              "invalid price book: the description of SKU odd.storage must not contain control"
                  + " characters");
    }
  }

  /** The body of the 400 a {@code PUT} of {@code book} as the price book is answered. */
  private static String refusedPriceBook(String book) {
    return rejected(
            send(
                "PUT",
                "/operator/v1/price-book",
                book.getBytes(StandardCharsets.UTF_8),
                "Content-Type",
                "application/json"),
            400)
        .body();
  }

  @Test
  void deepNestingIsRefusedBeforeAnythingReadsIt() {
    String deep = "[".repeat(5_000) + "]".repeat(5_000);
    assertThat(
            rejected(
                    send(
                        "PUT",
                        "/operator/v1/price-book",
                        ("{\"version\":1,\"skus\":" + deep + "}").getBytes(StandardCharsets.UTF_8),
                        "Content-Type",
                        "application/json"),
                    400)
                .body())
        .contains("nested at most " + StrictJson.MAX_DEPTH);
    rejected(postJson("/operator/v1/usage-events", "{\"events\":" + deep + "}"), 400);
  }

  @Test
  void aBodyOfMoreTokensThanAFullBatchIsRefusedBeforeItsTreeIsBuilt() {
    // 16 MiB of empty objects would be 5.6 million nodes, many times the body's size in heap.
    String many = "{\"events\":[" + "{},".repeat((int) StrictJson.MAX_TOKENS / 2) + "{}]}";
    assertThat(rejected(postJson("/operator/v1/usage-events", many), 400).body())
        .contains("at most " + StrictJson.MAX_TOKENS + " JSON tokens");
    // A full batch of 10,000 events is well inside the bound: refused for its events, not its size.
    String full =
        "{\"events\":["
            + String.join(
                ",",
                java.util.Collections.nCopies(
                    10_000,
                    "{\"event_id\":\"e\",\"organization_id\":\"o\",\"cluster_id\":\"c\","
                        + "\"sku\":\"s\",\"quantity\":\"1\",\"timestamp\":\"t\"}"))
            + "]}";
    assertThat(postJson("/operator/v1/usage-events", full).body()).doesNotContain("JSON tokens");
  }

  @Test
  void longStringsAndLongNumbersAreRefused() {
    assertThat(
            rejected(
                    postJson(
                        adjustments(),
                        "{\"period\":\"2026-11\",\"amount\":\"1\",\"name\":\""
                            + "n".repeat(StrictJson.MAX_STRING + 1)
                            + "\"}"),
                    400)
                .body())
        .contains("a string may be at most");
    assertThat(
            rejected(
                    postJson(
                        adjustments(),
                        "{\"period\":\"2026-11\",\"amount\":1" + "0".repeat(100) + "}"),
                    400)
                .body())
        .contains("a number may be at most");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"١٠٠\"", // Arabic-Indic digits
        "\"１００\"", // full-width digits
        "\"1e2\"",
        "\"+1\"",
        "\" 1\"",
        "\"1,000.00\"",
        "1e2147483648",
        "\"99999999999999999999.00\"",
        "123456789012345678901234567890",
        "1.001",
        "true",
        "null",
        "{}",
      })
  void amountsAreAsciiDecimalsWithinTheirColumn(String amount) {
    String body = "{\"period\":\"2026-11\",\"amount\":" + amount + "}";
    assertThat(rejected(postJson(adjustments(), body), 400).body()).contains("amount");
    String grant =
        "{\"amount\":"
            + amount
            + ",\"starts_at\":\"2026-11-01T00:00:00Z\",\"expires_at\":\"2027-11-01T00:00:00Z\"}";
    assertThat(rejected(postJson(grants(), grant), 400).body()).contains("amount");
  }

  @Test
  void anAdjustmentOnAMonthThatHasNotBegunIsRefused() {
    assertThat(
            rejected(
                    postJson(
                        adjustments(),
                        "{\"period\":\"9999-12\",\"amount\":\"1.00\",\"name\":\"x\"}"),
                    400)
                .body())
        .contains("\"code\":9")
        .contains("the billing period 9999-12 has not begun");
  }

  @Test
  void anUnknownOrganizationIsQuotedBoundedInItsAnswer() {
    String long5000 = "o".repeat(5_000);
    HttpResponse<String> answer =
        postJson(
            "/operator/v1/organizations/" + long5000 + "/adjustments",
            "{\"period\":\"2026-11\",\"amount\":\"1.00\",\"name\":\"x\"}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(404);
    assertThat(answer.body()).contains("o".repeat(64) + "…").hasSizeLessThan(300);
  }

  @Test
  void aNullNameIsRefusedNotStoredAsText() {
    assertThat(
            rejected(
                    postJson(
                        adjustments(), "{\"period\":\"2026-11\",\"amount\":\"1\",\"name\":null}"),
                    400)
                .body())
        .contains("name")
        .contains("may not be null");
    assertThat(rejected(postJson(adjustments(), "{\"period\":null,\"amount\":\"1\"}"), 400).body())
        .contains("period")
        .contains("may not be null");
  }

  @Test
  void anAdjustmentNameOver200CharactersIsRefused() {
    assertThat(
            rejected(
                    postJson(
                        adjustments(),
                        "{\"period\":\"2026-11\",\"amount\":\"1\",\"name\":\""
                            + "n".repeat(201)
                            + "\"}"),
                    400)
                .body())
        .contains("name");
  }

  @Test
  void aQuantityWithAnEnormousExponentIsRefused() {
    HttpResponse<String> response =
        postJson(
            "/operator/v1/usage-events",
            "{\"events\":[{\"event_id\":\"e1\",\"organization_id\":\""
                + org
                + "\",\"cluster_id\":\"c\",\"sku\":\"s\",\"quantity\":1e2147483648,"
                + "\"timestamp\":\"2026-11-01T00:00:00Z\"}]}");
    assertThat(response.statusCode()).as(response.body()).isIn(200, 400);
    assertThat(response.body()).contains("quantity");
  }

  @ParameterizedTest
  @ValueSource(strings = {"+999999999-12", "-0001-01", "99999-01", "2026-13", "2026-1"})
  void aPeriodOutsideYyyyMmIsRefused(String period) {
    rejected(postJson("/operator/v1/periods/" + period + "/close", ""), 400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"text/plain", "application/x-www-form-urlencoded", "application/jsonx", "json"})
  void aBodyNotSentAsJsonIs415(String contentType) {
    assertThat(
            rejected(
                    send(
                        "POST",
                        "/operator/v1/usage-events",
                        "{\"events\":[]}".getBytes(StandardCharsets.UTF_8),
                        "Content-Type",
                        contentType),
                    415)
                .body())
        .contains("Content-Type: application/json");
  }

  @Test
  void twoContentTypesOrEncodingsAreRefused() {
    assertThat(
            rejected(
                    send(
                        "POST",
                        "/operator/v1/usage-events",
                        "{\"events\":[]}".getBytes(StandardCharsets.UTF_8),
                        "Content-Type",
                        "application/json",
                        "Content-Type",
                        "text/plain"),
                    400)
                .body())
        .contains("2 Content-Type headers; send exactly one");
    rejected(
        send(
            "POST",
            "/operator/v1/usage-events",
            "{\"events\":[]}".getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/json",
            "Content-Encoding",
            "identity",
            "Content-Encoding",
            "identity"),
        400);
  }

  @Test
  void twoAuthorizationHeadersOrATransferCodingOtherThanChunkedAreRefused() throws Exception {
    HttpResponse<String> twoKeys =
        server.send(
            HttpRequest.newBuilder(server.uri("/operator/v1/usage-events"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[]}"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + operator)
                .header("Authorization", "Bearer TALLYOP1_x_y")
                .build());
    assertThat(twoKeys.statusCode()).isEqualTo(400);
    assertThat(twoKeys.body()).contains("2 Authorization headers; send exactly one");
    for (String coding : new String[] {"gzip, chunked", "identity, chunked", "foo, chunked"}) {
      RawHttp.Answer answer =
          RawHttp.exchange(
              server.port(),
              ("POST /operator/v1/usage-events HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer "
                      + operator
                      + "\r\nContent-Type: application/json\r\nTransfer-Encoding: "
                      + coding
                      + "\r\nConnection: close\r\n\r\nd\r\n{\"events\":[]}\r\n0\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII),
              10_000);
      assertThat(answer.status()).as(coding + ": " + answer.raw()).isEqualTo(400);
      assertThat(answer.body()).contains("Transfer-Encoding must be chunked alone");
    }
  }

  @Test
  void halfASurrogatePairIsRefusedAsNoCharacter() {
    assertThat(
            rejected(
                    postJson(
                        "/operator/v1/usage-events", "{\"events\":[{\"event_id\":\"\\ud800\"}]}"),
                    400)
                .body())
        .contains("\\\\ud800 without the other half of its surrogate pair");
    // The low half alone too, at the start, the end or inside a string (issue 12's third stranger:
    // it was stored as "?").
    for (String lone : new String[] {"\\udc00", "x\\udc00", "\\udc00x", "\\udc00\\ud800"}) {
      assertThat(
              rejected(
                      postJson(
                          adjustments(),
                          "{\"period\":\"2026-11\",\"amount\":\"1\",\"name\":\"" + lone + "\"}"),
                      400)
                  .body())
          .as(lone)
          .contains("without the other half of its surrogate pair");
    }
    // A whole pair, escaped or not, is a character like any other.
    HttpResponse<String> pair =
        postJson("/operator/v1/usage-events", "{\"events\":[], \"\\ud83d\\ude00\":1}");
    assertThat(pair.body()).doesNotContain("surrogate");
  }

  @Test
  void aBodyWithoutContentTypeIs415AndCharsetsOtherThanUtf8Too() {
    rejected(send("PUT", "/operator/v1/price-book", "{}".getBytes(StandardCharsets.UTF_8)), 415);
    assertThat(
            rejected(
                    send(
                        "POST",
                        "/operator/v1/usage-events",
                        "{\"events\":[]}".getBytes(StandardCharsets.UTF_8),
                        "Content-Type",
                        "application/json; charset=iso-8859-1"),
                    415)
                .body())
        .contains("UTF-8");
    HttpResponse<String> utf8 =
        send(
            "POST",
            "/operator/v1/usage-events",
            "{\"events\":[]}".getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "Application/JSON; charset=UTF-8");
    assertThat(utf8.statusCode()).as(utf8.body()).isEqualTo(200);
  }

  @Test
  void aGzipBodyIsAccepted() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            adjustments(),
            gzip(
                "{\"period\":\"2026-11\",\"amount\":\"12.50\",\"name\":\"Gzipped\"}"
                    .getBytes(StandardCharsets.UTF_8)),
            "Content-Type",
            "application/json",
            "Content-Encoding",
            "gzip");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(response.body()).contains("Gzipped").contains("12.5");
  }

  @Test
  void aGzipBombIsRefusedWithoutInflatingIt() throws Exception {
    byte[] zeros = new byte[RequestBody.MAX_INFLATED_BYTES + 1024 * 1024];
    byte[] bomb = gzip(zeros);
    assertThat(bomb.length).isLessThan(100_000);
    assertThat(
            rejected(
                    send(
                        "POST",
                        "/operator/v1/usage-events",
                        bomb,
                        "Content-Type",
                        "application/json",
                        "Content-Encoding",
                        "gzip"),
                    413)
                .body())
        .contains("inflates to more than");
  }

  @Test
  void aBodyMarkedGzipThatIsNotIsRefused() {
    assertThat(
            rejected(
                    send(
                        "POST",
                        "/operator/v1/usage-events",
                        "{\"events\":[]}".getBytes(StandardCharsets.UTF_8),
                        "Content-Type",
                        "application/json",
                        "Content-Encoding",
                        "gzip"),
                    400)
                .body())
        .contains("not valid gzip");
  }

  @ParameterizedTest
  @ValueSource(strings = {"br", "deflate", "compress", "zstd", "gzip, br"})
  void otherEncodingsAre415(String encoding) {
    assertThat(
            rejected(
                    send(
                        "POST",
                        "/operator/v1/usage-events",
                        "{\"events\":[]}".getBytes(StandardCharsets.UTF_8),
                        "Content-Type",
                        "application/json",
                        "Content-Encoding",
                        encoding),
                    415)
                .body())
        .contains("Content-Encoding");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"HTTP/0.9", "HTTP/1.2", "HTTP/9.9", "HTTP/2.0", "HTTP/1.1.1", "HTTPS/1.1"})
  void anUnsupportedHttpVersionGetsAStatusSayingSo(String version) throws Exception {
    RawHttp.Answer answer =
        RawHttp.exchange(
            server.port(),
            ("GET /api/v1/invoices " + version + "\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII),
            10_000);
    assertThat(answer.timedOut()).isFalse();
    // Jetty's 426 for HTTP/2.0 is answered 505 too: Tally serves no HTTP/2.
    assertThat(answer.status()).as(answer.raw()).isIn(400, 505);
    assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    assertThat(answer.body()).doesNotContain("internal error");
    if (answer.status() != 400) {
      assertThat(answer.body()).contains("HTTP version is not supported");
    }
    if (answer.status() == 505) {
      assertThat(answer.body()).contains("\"code\":12");
    }
  }

  /** Each framing fault is named, in Tally's words (issue 12's second stranger: all one phrase). */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "GET /healthz HTTP/1.1\\r\\n\\r\\n | needs a Host header",
        "GET /healthz HTTP/1.1\\r\\nHost: x\\r\\nHost: y\\r\\n\\r\\n | more than one Host header",
        "POST /healthz HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 1\\r\\nContent-Length: 2\\r\\n\\r\\nab"
            + " | more than one Content-Length header",
        "POST /healthz HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 1\\r\\nTransfer-Encoding: chunked"
            + "\\r\\n\\r\\n0\\r\\n\\r\\n | both Content-Length and Transfer-Encoding",
        "POST /healthz HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: -1\\r\\n\\r\\n"
            + " | Content-Length must be a whole number",
        "GET /healthz HTTP/1.1\\r\\nHost: x\\r\\nBad Name: v\\r\\n\\r\\n | a character HTTP does not allow",
        "GET /healthz HTTP/1.1\\r\\nHost: x\\r\\nX-A: a\\r\\n b\\r\\n\\r\\n | obsolete line folding",
        "GET * HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | must be a path",
        "GET http://evil/healthz HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | a different host from its Host header",
        "POST /healthz HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n | must end with chunked",
      })
  void aFramingFaultIsNamed(String request, String message) throws Exception {
    RawHttp.Answer answer =
        RawHttp.exchange(
            server.port(),
            request.replace("\\r\\n", "\r\n").getBytes(StandardCharsets.US_ASCII),
            10_000);
    assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
    assertThat(answer.body()).contains("\"code\":3").contains(message);
  }

  @Test
  void anHttp09RequestLineGetsAStatus() throws Exception {
    RawHttp.Answer answer =
        RawHttp.exchange(
            server.port(),
            "GET /api/v1/invoices\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            10_000);
    assertThat(answer.timedOut()).isFalse();
    assertThat(answer.status()).as(answer.raw()).isIn(400, 505);
    assertThat(answer.body()).doesNotContain("internal error").contains("\"code\"");
  }

  private static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    }
    return out.toByteArray();
  }
}
