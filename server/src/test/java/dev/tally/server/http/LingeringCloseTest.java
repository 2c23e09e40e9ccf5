package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.InvoiceStatus;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.RawHttp;
import dev.tally.server.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An answer given before its request's body is read is not lost: the server reads the rest of the
 * body after answering ({@link LingeringClose}) instead of closing on it, which would reset the
 * connection under the client.
 */
@Timeout(60)
class LingeringCloseTest {

  private static TestServer server;
  private static String key;
  private static String invoicePath;

  @BeforeAll
  static void start() {
    server = TestServer.on(Backend.all().findFirst().orElseThrow());
    TestServer.Tenant tenant =
        server.tenant("Lingering", Instant.parse("2026-01-01T00:00:00Z"), "c1");
    invoicePath =
        "/api/v1/invoices/"
            + tenant.invoice(YearMonth.of(2026, 5), InvoiceStatus.FINALIZED).invoiceId();
    key = tenant.billingKey();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Sends the headers, then the body from another thread, as a client streaming a batch does. */
  private static CompletableFuture<Void> post(Socket socket, String authorization, long length)
      throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /operator/v1/usage-events HTTP/1.1\r\nHost: x\r\nAuthorization: "
                + authorization
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    return CompletableFuture.runAsync(
        () -> {
          byte[] spaces = new byte[1 << 20];
          java.util.Arrays.fill(spaces, (byte) ' ');
          try {
            for (long sent = 0; sent < length; sent += spaces.length) {
              out.write(spaces, 0, (int) Math.min(spaces.length, length - sent));
            }
            out.flush();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  @Test
  void aLargeBatchRefusedBeforeItIsReadIsAnsweredAndTheConnectionServesTheNextRequest()
      throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(30_000);
      CompletableFuture<Void> sending = post(socket, "Bearer TALLY1_not-a-key", 32L << 20);
      InputStream in = socket.getInputStream();

      assertThat(RawHttp.readOne(in).status()).isEqualTo(401);
      sending.get(30, TimeUnit.SECONDS); // every byte was taken: no reset while sending

      socket
          .getOutputStream()
          .write(
              ("GET "
                      + invoicePath
                      + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                      + key
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      assertThat(RawHttp.readOne(in).status()).isEqualTo(200);
    }
  }

  @Test
  void aChunkedBodyOverTheLimitSentAfter100ContinueGets413AndIsTakenWhole() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /operator/v1/usage-events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + server.operatorKey()
                  + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                  + "Expect: 100-continue\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      assertThat(RawHttp.readOne(in).status()).isEqualTo(100);

      long length = RequestBody.MAX_BODY_BYTES + (8L << 20);
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                byte[] spaces = new byte[1 << 20];
                java.util.Arrays.fill(spaces, (byte) ' ');
                byte[] size = (Integer.toHexString(spaces.length) + "\r\n").getBytes();
                try {
                  for (long sent = 0; sent < length; sent += spaces.length) {
                    out.write(size);
                    out.write(spaces);
                    out.write("\r\n".getBytes());
                  }
                  out.write("0\r\n\r\n".getBytes());
                  out.flush();
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });

      assertThat(RawHttp.readOne(in).status()).isEqualTo(413);
      sending.get(30, TimeUnit.SECONDS); // the server read it all rather than reset the connection
    }
  }

  @Test
  void aBodyOverTheLimitGets413WhileItIsStillBeingSentAndIsTakenWholeBeforeTheClose()
      throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(30_000);
      CompletableFuture<Void> sending =
          post(socket, "Bearer " + server.operatorKey(), RequestBody.MAX_BODY_BYTES + 1);
      InputStream in = socket.getInputStream();

      RawHttp.Answer answer = RawHttp.readOne(in);
      assertThat(answer.status()).isEqualTo(413);
      assertThat(answer.body()).contains("16 MiB");
      sending.get(30, TimeUnit.SECONDS); // the server read it all rather than reset the connection
    }
  }
}
