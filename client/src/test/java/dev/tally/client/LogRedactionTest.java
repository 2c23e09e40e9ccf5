package dev.tally.client;

import static dev.tally.client.Fixtures.clientFor;
import static dev.tally.client.Fixtures.invoice;
import static dev.tally.client.Fixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.client.StubServer.Reply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LogRedactionTest {

  @Test
  void formattedRequestRedactsAuthorizationButKeepsTheScheme() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/api/v1/invoices?status=DRAFT"))
            .header("Authorization", "Bearer sk-live-abcdef")
            .header("Cc-Version", "2024-09-16")
            .header("X-Api-Key", "other-secret")
            .build();

    String line = LogFormat.request(request);

    assertThat(line)
        .startsWith("GET http://127.0.0.1:1/api/v1/invoices?status=DRAFT ")
        .contains("Authorization: Bearer <redacted>")
        .contains("Cc-Version: 2024-09-16")
        .contains("X-Api-Key: <redacted>")
        .doesNotContain("sk-live-abcdef")
        .doesNotContain("other-secret");
  }

  @Test
  void debugLogOfARealRequestShowsItWithoutTheKey() {
    Logger logger = Logger.getLogger("dev.tally.client");
    List<String> lines = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            lines.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Level before = logger.getLevel();
    logger.setLevel(Level.ALL);
    logger.addHandler(handler);
    try (var stub =
            StubServer.start()
                .then(Reply.json(503, status(14, "busy")))
                .always(Reply.ok(invoice("inv-1")));
        var tally = clientFor(stub, new RecordingSleeper()).build()) {
      var secret = RequestOptions.builder().apiKey("sk-per-request-secret").build();
      tally.billing().getInvoice("inv-1").execute();
      tally.billing().getInvoice("inv-1").options(secret).execute();
    } finally {
      logger.removeHandler(handler);
      logger.setLevel(before);
    }

    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l).contains("GET http://").contains("Authorization: Bearer <redacted>"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("-> 503").contains("retrying"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("-> 200"));
    assertThat(String.join("\n", lines))
        .doesNotContain(Fixtures.API_KEY)
        .doesNotContain("sk-per-request-secret");
  }
}
