package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.InvoiceStatus;
import dev.tally.server.auth.ResourceType;
import dev.tally.server.auth.Role;
import dev.tally.server.auth.RoleGrant;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.ContractValidator;
import dev.tally.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP edges a client written against the real service notices: HEAD answers as GET would,
 * without a body; every answer says it varies by {@code Accept-Encoding}, since Javalin compresses.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class HttpEdgesTest {

  @Parameter Backend backend;

  /** Headers that may differ between two answers to the same request. */
  private static final List<String> PER_ANSWER = List.of("date", "x-request-id");

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static TestServer server;
  private static String key;
  private static String forbidden;
  private static String invoicePath;

  @BeforeParameterizedClassInvocation
  static void seed(Backend backend) {
    server = TestServer.on(backend);
    TestServer.Tenant tenant =
        server.tenant("Edges", Instant.parse("2026-01-01T00:00:00Z"), "alpha", "beta");
    // Ten stored months and the running draft: a list well over Javalin's compression threshold.
    for (YearMonth m = YearMonth.of(2026, 1);
        m.isBefore(YearMonth.of(2026, 11));
        m = m.plusMonths(1)) {
      invoicePath = "/api/v1/invoices/" + tenant.invoice(m, InvoiceStatus.FINALIZED).invoiceId();
    }
    key = tenant.billingKey();
    forbidden =
        tenant.key(new RoleGrant(Role.ORG_MEMBER, ResourceType.ORGANIZATION, tenant.orgId()));
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    server.close();
  }

  private static HttpResponse<byte[]> call(
      String method, String path, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri(path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(request::header);
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path, e);
    }
  }

  private static Map<String, List<String>> comparable(HttpResponse<?> response) {
    Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
    PER_ANSWER.forEach(headers::remove);
    return headers;
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  private static Map<String, String> bearer(String token, String header, String value) {
    return Map.of("Authorization", "Bearer " + token, header, value);
  }

  @Test
  void headAnswersTheStatusAndHeadersGetWouldWithoutABody() {
    record Case(String path, Map<String, String> headers, int status) {}
    List<Case> cases =
        List.of(
            new Case("/api/v1/invoices", bearer(key), 200),
            new Case(
                "/api/v1/invoices?status=DRAFT&start_time=2026-03-01T00:00:00Z", bearer(key), 200),
            new Case(invoicePath, bearer(key), 200),
            new Case("/api/v1/invoices", Map.of(), 401),
            new Case(invoicePath, bearer("TALLY1_nosuchkey_nosecret"), 401),
            new Case("/api/v1/invoices", bearer(forbidden), 403),
            new Case(invoicePath, bearer(forbidden), 403),
            new Case("/api/v1/invoices/does-not-exist", bearer(key), 404),
            new Case("/api/v1/invoices?status=PAID", bearer(key), 400),
            new Case("/api/v1/invoices/", bearer(key), 400),
            new Case("/api/v1/invoices", bearer(key, "Cc-Version", "2023-04-10"), 400),
            new Case("/api/v1/invoices", bearer(key, "Accept-Encoding", "gzip"), 200));
    for (Case c : cases) {
      HttpResponse<byte[]> get = call("GET", c.path(), c.headers());
      HttpResponse<byte[]> head = call("HEAD", c.path(), c.headers());
      assertThat(get.statusCode()).as("GET %s %s", c.path(), c.headers()).isEqualTo(c.status());
      assertThat(head.statusCode()).as("HEAD %s %s", c.path(), c.headers()).isEqualTo(c.status());
      assertThat(comparable(head)).as("HEAD %s headers", c.path()).isEqualTo(comparable(get));
      assertThat(head.body()).as("HEAD %s body", c.path()).isEmpty();
      assertThat(get.body()).as("GET %s body", c.path()).isNotEmpty();
    }
  }

  @Test
  void headSendsNoBodyBytesOnTheWire() throws Exception {
    for (String path : List.of("/api/v1/invoices", invoicePath)) {
      String ok =
          raw(
              "HEAD "
                  + path
                  + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + key
                  + "\r\nConnection: close\r\n\r\n");
      assertThat(ok).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n");
      String denied = raw("HEAD " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(denied)
          .startsWith("HTTP/1.1 401")
          .endsWith("\r\n\r\n")
          .containsIgnoringCase("www-authenticate: Bearer realm=\"tally\"");
    }
  }

  @Test
  void everyAnswerVariesByAcceptEncoding() {
    for (String path :
        List.of(
            "/api/v1/invoices",
            invoicePath,
            "/api/v1/invoices/missing",
            "/api/v1/nothing",
            "/api/v1/invoices?status=PAID",
            "/health")) {
      for (Map<String, String> headers : List.of(bearer(key), Map.<String, String>of())) {
        HttpResponse<byte[]> response = call("GET", path, headers);
        assertThat(response.headers().allValues("Vary"))
            .as("GET %s -> %d", path, response.statusCode())
            .containsExactly("Accept-Encoding");
      }
    }
    HttpResponse<byte[]> notAllowed = call("DELETE", "/api/v1/invoices", bearer(key));
    assertThat(notAllowed.headers().allValues("Vary")).containsExactly("Accept-Encoding");
  }

  @Test
  void aLargeAnswerIsGzippedForAClientThatAcceptsIt() throws Exception {
    HttpResponse<byte[]> plain = call("GET", "/api/v1/invoices", bearer(key));
    HttpResponse<byte[]> gzipped =
        call("GET", "/api/v1/invoices", bearer(key, "Accept-Encoding", "gzip"));
    assertThat(plain.body().length).isGreaterThan(1500);
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(gzipped.headers().allValues("Vary")).containsExactly("Accept-Encoding");
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))) {
      assertThat(in.readAllBytes()).isEqualTo(plain.body());
    }
    ContractValidator.assertConforms("/api/v1/invoices", server.get("/api/v1/invoices", key));
  }

  private static String raw(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
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
