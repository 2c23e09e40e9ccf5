package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.InvoiceStatus;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.ContractValidator;
import dev.tally.server.testing.RawHttp;
import dev.tally.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Header values no parser expected (empty, only separators) and request bodies at the edges of
 * their framing (over the size limit, gzip with bytes after its end, several gzip members): each is
 * a 4xx {@code Status} or served as documented, never a 5xx. They do not depend on the database, so
 * they run on the embedded one.
 */
@Timeout(120)
class HeaderAndBodyFramingTest {

  /** Values that split into nothing, or into empty parts, on {@code ;} or {@code ,}. */
  private static final String[] ODD_VALUES = {
    ";",
    ";;;",
    ",",
    ",,,",
    ";,",
    ",;",
    " ; ",
    "; charset=utf-8",
    ";q=1",
    ", ;",
    "=",
    "\"",
    "W/",
    "*;",
    ";*"
  };

  private static TestServer server;
  private static String operator;
  private static String key;
  private static String invoicePath;

  @BeforeAll
  static void start() {
    server = TestServer.on(Backend.all().findFirst().orElseThrow());
    operator = server.operatorKey();
    TestServer.Tenant tenant =
        server.tenant("Framing", Instant.parse("2026-01-01T00:00:00Z"), "c1");
    invoicePath =
        "/api/v1/invoices/"
            + tenant.invoice(YearMonth.of(2026, 5), InvoiceStatus.FINALIZED).invoiceId();
    key = tenant.billingKey();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> postEvents(byte[] body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri("/operator/v1/usage-events"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Authorization", "Bearer " + operator);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return server.send(request.build());
  }

  private static HttpResponse<String> refused(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    ContractValidator.assertStatusBody(response);
    return response;
  }

  private static final byte[] EMPTY_BATCH = "{\"events\":[]}".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest(name = "Content-Type: [{0}]")
  @ValueSource(strings = {";", ";;;", "; charset=utf-8", " ; ", ";;charset=utf-8;"})
  void aContentTypeWithNoMediaTypeIs415(String contentType) {
    assertThat(refused(postEvents(EMPTY_BATCH, "Content-Type", contentType), 415).body())
        .contains("names no media type")
        .contains("\"code\":3");
  }

  @Test
  void everyHeaderTheServerParsesSurvivesSeparatorOnlyValues() {
    for (String odd : ODD_VALUES) {
      // The operator API's body headers.
      assertThat(postEvents(EMPTY_BATCH, "Content-Type", odd).statusCode())
          .as("Content-Type: [%s]", odd)
          .isEqualTo(415);
      assertThat(
              postEvents(EMPTY_BATCH, "Content-Type", "application/json", "Content-Encoding", odd)
                  .statusCode())
          .as("Content-Encoding: [%s]", odd)
          .isEqualTo(415);
      // The Billing API's request headers.
      for (String header :
          new String[] {
            "Accept-Encoding", "If-None-Match", "X-Request-Id", "Cc-Version", "Accept"
          }) {
        HttpResponse<String> response =
            server.send(
                HttpRequest.newBuilder(server.uri(invoicePath))
                    .header("Authorization", "Bearer " + key)
                    .header(header, odd)
                    .build());
        assertThat(response.statusCode())
            .as("%s: [%s] -> %s", header, odd, response.body())
            .isIn(200, 400);
        if (response.statusCode() != 200) {
          ContractValidator.assertStatusBody(response);
        }
      }
      // Authorization itself.
      HttpResponse<String> unauthenticated =
          server.send(
              HttpRequest.newBuilder(server.uri(invoicePath)).header("Authorization", odd).build());
      assertThat(unauthenticated.statusCode()).as("Authorization: [%s]", odd).isEqualTo(401);
      ContractValidator.assertStatusBody(unauthenticated);
    }
  }

  @Test
  void anEmptyHeaderValueIsNeverA5xx() throws Exception {
    for (String header :
        new String[] {
          "Content-Type",
          "Content-Encoding",
          "Accept-Encoding",
          "If-None-Match",
          "X-Request-Id",
          "Cc-Version",
          "Authorization"
        }) {
      RawHttp.Answer answer =
          RawHttp.exchange(
              server.port(),
              ("POST /operator/v1/usage-events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                      + "Authorization: Bearer "
                      + operator
                      + "\r\nContent-Type: application/json\r\n"
                      + header
                      + ":\r\nContent-Length: "
                      + EMPTY_BATCH.length
                      + "\r\n\r\n{\"events\":[]}")
                  .getBytes(StandardCharsets.US_ASCII),
              10_000);
      assertThat(answer.status()).as("%s: -> %s", header, answer.raw()).isBetween(200, 499);
    }
  }

  @Test
  void twoCcVersionLinesAreRefusedLikeTwoVersionsInOne() throws Exception {
    for (String versions :
        new String[] {
          "Cc-Version: 2024-09-16\r\nCc-Version: 2023-04-10\r\n",
          "Cc-Version: 2024-09-16, 2023-04-10\r\n"
        }) {
      RawHttp.Answer answer =
          RawHttp.exchange(
              server.port(),
              ("GET "
                      + invoicePath
                      + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
                      + key
                      + "\r\n"
                      + versions
                      + "\r\n")
                  .getBytes(StandardCharsets.US_ASCII),
              10_000);
      assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
      assertThat(answer.body()).contains("\"code\":3").contains("Cc-Version");
    }
    RawHttp.Answer one =
        RawHttp.exchange(
            server.port(),
            ("GET "
                    + invoicePath
                    + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
                    + key
                    + "\r\nCc-Version: 2024-09-16\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII),
            10_000);
    assertThat(one.status()).as(one.raw()).isEqualTo(200);
  }

  @Test
  void aPlainBodyOverTheLimitIs413NamingItWithNoLogLineOfJavalins() {
    byte[] huge = new byte[Math.toIntExact(RequestBody.MAX_BODY_BYTES) + 1];
    Arrays.fill(huge, (byte) ' ');
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    var captured =
        new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    captured.start();
    root.addAppender(captured);
    try {
      assertThat(refused(postEvents(huge, "Content-Type", "application/json"), 413).body())
          .contains("16 MiB")
          .contains("\"code\":3");
    } finally {
      root.detachAppender(captured);
    }
    // The 413 and the request's line say it; Javalin's own "Body size greater than max size" WARN
    // (written when it reads the body) would be a second line for one request.
    synchronized (captured) {
      assertThat(captured.list).noneMatch(e -> e.getLoggerName().startsWith("io.javalin"));
    }
  }

  @Test
  void aBodyTrickledSlowerThanTheMinimumRateIs408SayingSo() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      java.io.OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /operator/v1/usage-events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + operator
                  + "\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      java.io.InputStream in = socket.getInputStream();
      // A byte every half second, far under 16 KiB/s, and never a pause the idle timeout would end.
      for (int i = 0; i < 20 && in.available() == 0; i++) {
        out.write(' ');
        out.flush();
        Thread.sleep(500);
      }
      RawHttp.Answer answer = RawHttp.readOne(in);
      assertThat(answer.status()).as(answer.raw()).isEqualTo(408);
      assertThat(answer.body()).contains("slower than 16 KiB/s").contains("\"code\":4");
    }
  }

  @Test
  void aChunkedBodyOverTheLimitIs413Too() {
    byte[] huge = new byte[Math.toIntExact(RequestBody.MAX_BODY_BYTES) + 1];
    Arrays.fill(huge, (byte) ' ');
    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(server.uri("/operator/v1/usage-events"))
                // No length known in advance: the client sends it chunked.
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(huge)))
                .header("Authorization", "Bearer " + operator)
                .header("Content-Type", "application/json")
                .build());
    assertThat(refused(response, 413).body()).contains("16 MiB");
  }

  @Test
  void aBodyAtTheLimitIsRead() {
    byte[] body = new byte[Math.toIntExact(RequestBody.MAX_BODY_BYTES)];
    Arrays.fill(body, (byte) ' ');
    System.arraycopy(EMPTY_BATCH, 0, body, 0, EMPTY_BATCH.length);
    assertThat(postEvents(body, "Content-Type", "application/json").statusCode()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0} bytes after the member")
  @ValueSource(ints = {1, 7, 8, 26, 27, 100, 4096})
  void aGzipBodyWithBytesAfterItsEndIsRefused(int extra) throws Exception {
    byte[] member = gzip(EMPTY_BATCH);
    byte[] body = Arrays.copyOf(member, member.length + extra);
    Arrays.fill(body, member.length, body.length, (byte) 'x');
    assertThat(
            refused(
                    postEvents(
                        body, "Content-Type", "application/json", "Content-Encoding", "gzip"),
                    400)
                .body())
        .contains("the gzip body has bytes after its end");
  }

  @Test
  void zeroPaddingAfterAGzipBodyIsRefusedToo() throws Exception {
    byte[] member = gzip(EMPTY_BATCH);
    byte[] body = Arrays.copyOf(member, member.length + 16);
    assertThat(
            refused(
                    postEvents(
                        body, "Content-Type", "application/json", "Content-Encoding", "gzip"),
                    400)
                .body())
        .contains("bytes after its end");
  }

  @Test
  void concatenatedGzipMembersAreOneBody() throws Exception {
    // RFC 1952 section 2.2: a gzip file is a series of members; `cat a.gz b.gz` is valid gzip.
    byte[] first = gzip("{\"events\":".getBytes(StandardCharsets.UTF_8));
    byte[] second = gzip("[]}".getBytes(StandardCharsets.UTF_8));
    byte[] body = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, body, first.length, second.length);
    HttpResponse<String> response =
        postEvents(body, "Content-Type", "application/json", "Content-Encoding", "gzip");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void aTruncatedSecondGzipMemberIsNotValidGzip() throws Exception {
    byte[] first = gzip(EMPTY_BATCH);
    byte[] second = gzip(" ".getBytes(StandardCharsets.UTF_8));
    byte[] body = Arrays.copyOf(first, first.length + second.length - 4);
    System.arraycopy(second, 0, body, first.length, second.length - 4);
    assertThat(
            refused(
                    postEvents(
                        body, "Content-Type", "application/json", "Content-Encoding", "gzip"),
                    400)
                .body())
        .contains("not valid gzip");
  }

  private static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }
}
