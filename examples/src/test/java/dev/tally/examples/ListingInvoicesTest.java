package dev.tally.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.client.TallyClient;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;
import dev.tally.server.testing.Backend;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code listInvoices()} and {@code getInvoice()} against a real server, on every backend of the
 * run: the filters, their defaults, and paging through the months with date windows.
 */
class ListingInvoicesTest {

  private static final String BACKENDS = "dev.tally.server.testing.Backend#all";

  @ParameterizedTest(name = "{0}")
  @MethodSource(BACKENDS)
  void withoutFiltersListsFromTheOrganizationsFirstMonthThroughTheRunningDraftOldestFirst(
      Backend backend) {
    try (SeededServer seeded = SeededServer.on(backend);
        TallyClient tally = seeded.client()) {
      List<Invoice> invoices = tally.billing().listInvoices().execute().invoices();

      assertThat(invoices)
          .containsExactlyElementsOf(seeded.invoices(SeededServer.FIRST, SeededServer.LAST));
      // "This month so far" is the last invoice of the default list: November's DRAFT (now is
      // 2026-11-15).
      Invoice running = invoices.getLast();
      assertThat(running.periodStart()).isEqualTo(SeededServer.startOf(YearMonth.of(2026, 11)));
      assertThat(running.status().value()).isEqualTo(InvoiceStatus.DRAFT);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(BACKENDS)
  void statusDraftWithoutBoundsIsTheRunningDraftAndTheMonthInItsGracePeriod(Backend backend) {
    try (SeededServer seeded = SeededServer.on(backend);
        TallyClient tally = seeded.client()) {
      assertThat(tally.billing().listInvoices().status(InvoiceStatus.DRAFT).execute().invoices())
          .containsExactlyElementsOf(seeded.invoices(SeededServer.FIRST_DRAFT, SeededServer.LAST));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(BACKENDS)
  void statusKeepsOnlyThatStatus(Backend backend) {
    try (SeededServer seeded = SeededServer.on(backend);
        TallyClient tally = seeded.client()) {
      var list =
          tally.billing().listInvoices().endTime(SeededServer.startOf(YearMonth.of(2027, 1)));

      assertThat(list.status(InvoiceStatus.FINALIZED).execute().invoices())
          .containsExactlyElementsOf(seeded.invoices(SeededServer.FIRST, YearMonth.of(2026, 9)));
      assertThat(list.status(InvoiceStatus.DRAFT).execute().invoices())
          .containsExactlyElementsOf(seeded.invoices(SeededServer.FIRST_DRAFT, SeededServer.LAST));
      // An OpenEnum read from an invoice filters by its raw wire value.
      var draft = seeded.invoices.get(SeededServer.LAST).status();
      assertThat(list.status(draft).execute().invoices()).hasSize(2);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(BACKENDS)
  void startAndEndTimeKeepInvoicesWhoseWholePeriodLiesInTheHalfOpenWindow(Backend backend) {
    try (SeededServer seeded = SeededServer.on(backend);
        TallyClient tally = seeded.client()) {
      var march = SeededServer.startOf(YearMonth.of(2026, 3));
      var june = SeededServer.startOf(YearMonth.of(2026, 6));

      assertThat(tally.billing().listInvoices().startTime(march).endTime(june).execute().invoices())
          .containsExactlyElementsOf(seeded.invoices(YearMonth.of(2026, 3), YearMonth.of(2026, 5)));
      // A bound inside a month leaves that month out: its period does not lie wholly in the window.
      Instant midMarch = Instant.parse("2026-03-15T00:00:00Z");
      Instant midJune = Instant.parse("2026-06-15T00:00:00Z");
      assertThat(
              tally
                  .billing()
                  .listInvoices()
                  .startTime(midMarch)
                  .endTime(midJune)
                  .execute()
                  .invoices())
          .containsExactlyElementsOf(seeded.invoices(YearMonth.of(2026, 4), YearMonth.of(2026, 5)));
      // Only a start: through the running month. Only an end: from the organization's first month.
      assertThat(
              tally
                  .billing()
                  .listInvoices()
                  .startTime(SeededServer.startOf(YearMonth.of(2026, 9)))
                  .execute()
                  .invoices())
          .containsExactlyElementsOf(seeded.invoices(YearMonth.of(2026, 9), SeededServer.LAST));
      // A bound alone that leaves nothing to list is an empty list, not an error.
      assertThat(
              tally
                  .billing()
                  .listInvoices()
                  .startTime(SeededServer.startOf(YearMonth.of(2027, 1)))
                  .execute()
                  .invoices())
          .isEmpty();
      assertThat(
              tally
                  .billing()
                  .listInvoices()
                  .endTime(SeededServer.startOf(YearMonth.of(2025, 6)))
                  .execute()
                  .invoices())
          .isEmpty();
      assertThat(tally.billing().listInvoices().endTime(march).execute().invoices())
          .containsExactlyElementsOf(seeded.invoices(SeededServer.FIRST, YearMonth.of(2026, 2)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(BACKENDS)
  void pagingThroughTheMonthsWithDateWindowsVisitsEveryInvoiceExactlyOnce(Backend backend) {
    try (SeededServer seeded = SeededServer.on(backend);
        TallyClient tally = seeded.client()) {
      List<Invoice> byMonth = new ArrayList<>();
      for (YearMonth month = SeededServer.FIRST;
          !month.isAfter(SeededServer.LAST);
          month = month.plusMonths(1)) {
        List<Invoice> page =
            tally
                .billing()
                .listInvoices()
                .startTime(SeededServer.startOf(month))
                .endTime(SeededServer.startOf(month.plusMonths(1)))
                .execute()
                .invoices();
        assertThat(page).as(month.toString()).containsExactly(seeded.invoices.get(month));
        byMonth.addAll(page);
      }
      List<Invoice> byQuarter = new ArrayList<>();
      for (YearMonth quarter = SeededServer.FIRST;
          quarter.isBefore(YearMonth.of(2027, 1));
          quarter = quarter.plusMonths(3)) {
        byQuarter.addAll(
            tally
                .billing()
                .listInvoices()
                .startTime(SeededServer.startOf(quarter))
                .endTime(SeededServer.startOf(quarter.plusMonths(3)))
                .execute()
                .invoices());
      }

      List<Invoice> all = seeded.invoices(SeededServer.FIRST, SeededServer.LAST);
      assertThat(byMonth).containsExactlyElementsOf(all);
      assertThat(byQuarter).containsExactlyElementsOf(all);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(BACKENDS)
  void getReturnsTheSameInvoiceTheListShows(Backend backend) {
    try (SeededServer seeded = SeededServer.on(backend);
        TallyClient tally = seeded.client()) {
      for (Invoice listed : tally.billing().listInvoices().execute().invoices()) {
        assertThat(tally.billing().getInvoice(listed.invoiceId()).execute()).isEqualTo(listed);
      }
    }
  }
}
