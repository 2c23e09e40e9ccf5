package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.InvoiceStatus;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.ContractValidator;
import dev.tally.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile and sloppy requests: each gets a 4xx reference Status body, never a 5xx or HTML. */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class BadInputTest {

  @Parameter Backend backend;

  private static TestServer server;
  private static String key;
  private static String invoiceId;

  @BeforeParameterizedClassInvocation
  static void seed(Backend backend) {
    server = TestServer.on(backend);
    TestServer.Tenant tenant =
        server.tenant("Bad input", Instant.parse("2026-01-01T00:00:00Z"), "c1");
    invoiceId = tenant.invoice(YearMonth.of(2026, 5), InvoiceStatus.FINALIZED).invoiceId();
    key = tenant.billingKey();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> assertRejected(String pathAndQuery, int status) {
    HttpResponse<String> response = server.get(pathAndQuery, key);
    assertThat(response.statusCode())
        .as("%s -> %s", pathAndQuery, response.body())
        .isEqualTo(status);
    ContractValidator.assertStatusBody(response);
    return response;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "start_time=yesterday", "start_time=2026-01-01", "start_time=2026-01-01T00:00:00",
        "start_time=2026-13-01T00:00:00Z", "end_time=2026-02-30T00:00:00Z",
            "end_time=2026-01-01T25:00:00Z",
        "start_time=", "end_time=1700000000", "start_time=2026-01-01T00:00Z"
      })
  void malformedDatesAreRejectedNamingTheParameter(String query) {
    HttpResponse<String> response = assertRejected("/api/v1/invoices?" + query, 400);
    assertThat(response.body())
        .contains(query.substring(0, query.indexOf('=')))
        .contains("RFC 3339");
    ContractValidator.assertConforms("/api/v1/invoices", response);
  }

  @Test
  void anUnencodedPlusOffsetGetsAHint() {
    assertThat(assertRejected("/api/v1/invoices?start_time=2026-01-01T00:00:00+01:00", 400).body())
        .contains("%2B");
  }

  @ParameterizedTest
  @ValueSource(strings = {"status=PAID", "status=draft", "status=", "status=FINALIZED%00"})
  void unknownStatusValuesAreRejected(String query) {
    assertThat(assertRejected("/api/v1/invoices?" + query, 400).body())
        .contains("status must be FINALIZED or DRAFT");
  }

  @Test
  void duplicatedParametersAreRejected() {
    assertThat(assertRejected("/api/v1/invoices?status=DRAFT&status=FINALIZED", 400).body())
        .contains("more than once");
    assertRejected(
        "/api/v1/invoices?start_time=2026-01-01T00:00:00Z&start_time=2026-01-01T00:00:00Z", 400);
  }

  @Test
  void malformedPercentEscapesAndNonUtf8QueryBytesAreRejected() throws Exception {
    for (String query : new String[] {"status=%ZZ", "status=%FF%FE", "status=%E2%82", "status=%"}) {
      String raw =
          raw(
              "GET /api/v1/invoices?"
                  + query
                  + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + key
                  + "\r\nConnection: close\r\n\r\n");
      assertThat(raw).as(query).startsWith("HTTP/1.1 400");
      assertThat(raw).containsIgnoringCase("content-type: application/json").contains("\"code\":3");
    }
  }

  @Test
  void emptyHugeAndStrangeIdsAreRejected() {
    assertThat(assertRejected("/api/v1/invoices/", 400).body()).contains("must not be empty");
    assertThat(assertRejected("/api/v1/invoices/" + "a".repeat(129), 400).body())
        .contains("limit is 128");
    assertRejected("/api/v1/invoices/" + "a".repeat(5000), 400);
    assertRejected("/api/v1/invoices/%20", 400);
    assertRejected("/api/v1/invoices/in%3Cscript%3E", 400);
    assertRejected("/api/v1/invoices/%E2%9C%93", 400);
  }

  @Test
  void percentEncodedAndTraversalPathsNeverEscapeTheRoute() {
    for (String path :
        new String[] {
          "/api/v1/invoices/..%2F..%2Fetc%2Fpasswd",
          "/api/v1/invoices/%2e%2e",
          "/api/v1/invoices/a%2Fb",
          "/api/v1/invoices/%252e%252e",
          "/api/v1/invoices/a%00b"
        }) {
      HttpResponse<String> response = server.get(path, key);
      assertThat(response.statusCode()).as(path).isBetween(400, 499);
      ContractValidator.assertStatusBody(response);
    }
  }

  @Test
  void aValidButUnknownIdIsNotFound() {
    assertRejected("/api/v1/invoices/does-not-exist", 404);
    assertThat(server.get("/api/v1/invoices/" + invoiceId, key).statusCode()).isEqualTo(200);
  }

  @Test
  void unknownRoutesAreNotFoundInStatusShape() {
    assertRejected("/api/v1/nothing", 404);
    assertRejected("/", 404);
    assertRejected("/api/v1/invoices/x/y", 404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
  void wrongMethodsAreMethodNotAllowedAndListTheAllowedOnes(String method) {
    String[] paths = {"/api/v1/invoices", "/api/v1/invoices/" + invoiceId, "/api/v1/invoices/"};
    for (String path : paths) {
      HttpResponse<String> response =
          server.send(
              HttpRequest.newBuilder(server.uri(path))
                  .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                  .header("Authorization", "Bearer " + key)
                  .build());
      assertThat(response.statusCode()).as(method + " " + path).isEqualTo(405);
      assertThat(response.headers().allValues("Allow"))
          .as(method + " " + path)
          .containsExactly("GET, HEAD");
      ContractValidator.assertStatusBody(response);
    }
  }

  @Test
  void aMethodNotAllowedOnAnOperatorRouteListsThatRoutesMethods() {
    HttpResponse<String> response = server.get("/operator/v1/usage-events", null);
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().allValues("Allow")).containsExactly("POST");
    ContractValidator.assertStatusBody(response);
  }

  @Test
  void malformedApiVersionHeadersAreRejected() {
    for (String version : new String[] {"latest", "2024-9-16", "2024-02-30", "16-09-2024"}) {
      HttpResponse<String> response =
          server.send(
              HttpRequest.newBuilder(server.uri("/api/v1/invoices"))
                  .header("Authorization", "Bearer " + key)
                  .header("Cc-Version", version)
                  .build());
      assertThat(response.statusCode()).as(version).isEqualTo(400);
      assertThat(response.body()).contains("Cc-Version");
      ContractValidator.assertStatusBody(response);
    }
    HttpResponse<String> ok =
        server.send(
            HttpRequest.newBuilder(server.uri("/api/v1/invoices"))
                .header("Authorization", "Bearer " + key)
                .header("Cc-Version", "2024-09-16")
                .build());
    assertThat(ok.statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2023-04-10", "2024-09-15", "2020-01-01"})
  void apiVersionsOlderThanTheFirstServedAreRejectedNamingTheSupportedOnes(String version) {
    for (String path : new String[] {"/api/v1/invoices", "/api/v1/invoices/" + invoiceId}) {
      HttpResponse<String> response =
          server.send(
              HttpRequest.newBuilder(server.uri(path))
                  .header("Authorization", "Bearer " + key)
                  .header("Cc-Version", version)
                  .build());
      assertThat(response.statusCode()).as(version).isEqualTo(400);
      assertThat(response.body())
          .contains("Cc-Version " + version + " is not supported")
          .contains("2024-09-16 and later");
      String spec = path.equals("/api/v1/invoices") ? path : "/api/v1/invoices/{invoice_id}";
      ContractValidator.assertConforms(spec, response);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-09-16", "2025-06-01"})
  void theFirstServedApiVersionAndLaterOnesAreAccepted(String version) {
    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(server.uri("/api/v1/invoices"))
                .header("Authorization", "Bearer " + key)
                .header("Cc-Version", version)
                .build());
    assertThat(response.statusCode()).as(version).isEqualTo(200);
    ContractValidator.assertConforms("/api/v1/invoices", response);
  }

  @Test
  void oversizedHeadersAreRejectedAsJson() throws Exception {
    String raw =
        raw(
            "GET /api/v1/invoices HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "a".repeat(40_000)
                + "\r\nConnection: close\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 431");
    assertThat(raw).containsIgnoringCase("content-type: application/json").contains("\"code\":3");
  }

  @Test
  void nonUtf8BytesInThePathAreRejectedAsJson() throws Exception {
    byte[] request =
        ("GET /api/v1/invoices/\u00ff\u00fe HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + key
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    String raw = raw(request);
    assertThat(raw).matches("(?s)HTTP/1.1 4\\d\\d .*");
    assertThat(raw).containsIgnoringCase("content-type: application/json").contains("\"code\":");
  }

  @Test
  void aGarbageRequestLineGetsAJsonBadRequest() throws Exception {
    String raw = raw("GARBAGE\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 400");
    assertThat(raw).contains("\"code\":3");
  }

  private static String raw(String request) throws Exception {
    return raw(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String raw(byte[] request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          response.write(buffer, 0, n);
        }
      } catch (java.net.SocketException closedEarly) {
        // the server may reset the connection after answering; what arrived is what we check
      }
      return response.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
