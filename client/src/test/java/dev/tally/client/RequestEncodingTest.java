package dev.tally.client;

import static dev.tally.client.Fixtures.clientFor;
import static dev.tally.client.Fixtures.invoice;
import static dev.tally.client.Fixtures.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.client.StubServer.Reply;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.OpenEnum;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestEncodingTest {

  private final RecordingSleeper sleeper = new RecordingSleeper();

  @Test
  void listFiltersAreSentAsEncodedRfc3339QueryParameters() {
    try (var stub = StubServer.start().always(Reply.ok(list()));
        var tally = clientFor(stub, sleeper).build()) {
      tally
          .billing()
          .listInvoices()
          .status(InvoiceStatus.FINALIZED)
          .startTime(Instant.parse("2024-01-01T00:00:00Z"))
          .endTime(Instant.parse("2024-07-01T12:30:00.5Z"))
          .execute();

      var request = stub.onlyRequest();
      assertThat(request.rawPath()).isEqualTo("/api/v1/invoices");
      assertThat(request.rawQuery())
          .isEqualTo(
              "status=FINALIZED"
                  + "&start_time=2024-01-01T00%3A00%3A00Z&end_time=2024-07-01T12%3A30%3A00.500Z");
    }
  }

  @Test
  void listWithoutFiltersHasNoQuery() {
    try (var stub = StubServer.start().always(Reply.ok(list()));
        var tally = clientFor(stub, sleeper).build()) {
      tally
          .billing()
          .listInvoices()
          .status(InvoiceStatus.DRAFT)
          .status((InvoiceStatus) null)
          .execute();

      assertThat(stub.onlyRequest().rawQuery()).isNull();
    }
  }

  @Test
  void rawStatusValuesAreEncodedNotSplicedIntoTheQuery() {
    try (var stub = StubServer.start().always(Reply.ok(list()));
        var tally = clientFor(stub, sleeper).build()) {
      var odd = OpenEnum.parse(InvoiceStatus.class, "PAST DUE&x=1+é");

      tally.billing().listInvoices().status(odd).execute();

      assertThat(stub.onlyRequest().rawQuery()).isEqualTo("status=PAST%20DUE%26x%3D1%2B%C3%A9");
    }
  }

  @Test
  void unknownStatusConstantCannotBeAFilter() {
    try (var tally = TallyClient.builder().apiKey("k").build()) {
      assertThatThrownBy(() -> tally.billing().listInvoices().status(InvoiceStatus.UNKNOWN))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void filterMethodsReturnNewRequestsAndLeaveTheOriginalUnchanged() {
    try (var tally = TallyClient.builder().apiKey("k").build()) {
      var all = tally.billing().listInvoices();
      var drafts = all.status(InvoiceStatus.DRAFT);

      assertThat(all).hasToString("GET /api/v1/invoices");
      assertThat(drafts).hasToString("GET /api/v1/invoices?status=DRAFT");
    }
  }

  @Test
  void invoiceIdIsOnePercentEncodedPathSegment() {
    try (var stub = StubServer.start().always(Reply.ok(invoice("x")));
        var tally = clientFor(stub, sleeper).build()) {
      tally.billing().getInvoice("a/b").execute();
      tally.billing().getInvoice("q?x=1#f %").execute();
      tally.billing().getInvoice("ünï").execute();

      assertThat(stub.requests())
          .extracting(StubServer.Received::rawPath)
          .containsExactly(
              "/api/v1/invoices/a%2Fb",
              "/api/v1/invoices/q%3Fx%3D1%23f%20%25", "/api/v1/invoices/%C3%BCn%C3%AF");
      assertThat(stub.requests()).extracting(StubServer.Received::rawQuery).containsOnlyNulls();
    }
  }

  @Test
  void invoiceIdsThatCannotBeAPathSegmentAreRefused() {
    try (var tally = TallyClient.builder().apiKey("k").build()) {
      for (String bad : new String[] {"", ".", ".."}) {
        assertThatThrownBy(() -> tally.billing().getInvoice(bad))
            .isInstanceOf(IllegalArgumentException.class);
      }
      assertThatThrownBy(() -> tally.billing().getInvoice(null))
          .isInstanceOf(NullPointerException.class);
    }
  }

  @Test
  void baseUrlPathPrefixIsKeptAndTrailingSlashesDropped() {
    try (var stub = StubServer.start().always(Reply.ok(list()));
        var tally = clientFor(stub, sleeper).baseUrl(stub.baseUrl() + "/tally/").build()) {
      tally.billing().listInvoices().execute();

      assertThat(tally.baseUrl()).hasToString(stub.baseUrl() + "/tally");
      assertThat(stub.onlyRequest().rawPath()).isEqualTo("/tally/api/v1/invoices");
    }
  }

  @Test
  void baseUrlMustBeAPlainHttpOrHttpsUrl() {
    var builder = TallyClient.builder();
    assertThatThrownBy(() -> builder.baseUrl("ftp://example.com"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.baseUrl("/relative"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.baseUrl("https://example.com?x=1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.baseUrl("https://user:pw@example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("pw");
    try (var tally = TallyClient.builder().apiKey("k").build()) {
      assertThat(tally.baseUrl()).hasToString("https://cockroachlabs.cloud");
    }
  }
}
