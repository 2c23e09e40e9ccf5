package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.InvoiceIds;
import dev.tally.model.BillingPeriod;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceAdjustment;
import dev.tally.model.InvoiceStatus;
import dev.tally.server.Tally;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tally invoices close}: a month finalized once for every organization, and only once. */
class CloseInvoicesCommandTest {

  @TempDir Path dir;
  private CliDatabase db;

  @BeforeEach
  void twoOrganizationsFromJanuary() {
    db = CliDatabase.created(dir.resolve("data"));
    try (Tally tally = db.open()) {
      tally
          .tx()
          .write(
              db ->
                  db.organizations().create("acme", "Acme", Instant.parse("2026-01-05T00:00:00Z")));
      tally
          .tx()
          .write(
              db ->
                  db.organizations()
                      .create("globex", "Globex", Instant.parse("2026-02-10T00:00:00Z")));
    }
  }

  @Test
  void closingAMonthFinalizesEveryOrganizationsInvoiceAndASecondRunSaysTheyWereAlreadyClosed() {
    assertThat(
            db.run(
                    "adjustments",
                    "add",
                    "--org",
                    "acme",
                    "--period",
                    "2026-03",
                    "--name",
                    "Premium support",
                    "--amount",
                    "100.00")
                .exitCode())
        .isZero();

    CliRun close = db.run("invoices", "close", "--period", "2026-03");
    assertThat(close.exitCode()).as(close.err()).isZero();
    assertThat(close.out())
        .isEqualTo("billing period 2026-03: 2 invoices finalized now, 0 already closed\n");

    CliRun again = db.run("invoices", "close", "--period", "2026-03");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out())
        .isEqualTo("billing period 2026-03: 0 invoices finalized now, 2 already closed\n");

    try (Tally tally = db.open()) {
      Invoice acme =
          tally
              .tx()
              .write(
                  db ->
                      db.invoices()
                          .find("acme", InvoiceIds.monthly("acme", BillingPeriod.of(2026, 3))))
              .orElseThrow();
      assertThat(acme.status().is(InvoiceStatus.FINALIZED)).isTrue();
      assertThat(acme.adjustments())
          .extracting(InvoiceAdjustment::name)
          .containsExactly("Premium support");
      assertThat(acme.adjustments().getFirst().amount().amount())
          .isEqualByComparingTo(new BigDecimal("100"));
    }
    CliRun late =
        db.run(
            "adjustments",
            "add",
            "--org",
            "acme",
            "--period",
            "2026-03",
            "--name",
            "Late",
            "--amount",
            "1");
    assertThat(late.exitCode()).isEqualTo(ExitCode.CONFLICT);
    assertThat(late.err())
        .isEqualTo(
            "error: the billing period 2026-03 of organization acme is closed; its invoice is final\n");
  }

  @Test
  void onlyOrganizationsThatExistedBeforeTheMonthEndedAreClosed() {
    assertThat(db.run("invoices", "close", "--period", "2026-01").out())
        .isEqualTo("billing period 2026-01: 1 invoice finalized now, 0 already closed\n");
    assertThat(db.run("invoices", "close", "--period", "2025-12").out())
        .isEqualTo(
            "billing period 2025-12: 0 invoices finalized now, 0 already closed "
                + "(no organization existed before 2026-01-01T00:00:00Z)\n");
  }

  @Test
  void aMonthThatHasNotEndedOrIsMistypedIsRefused() {
    CliRun future = db.run("invoices", "close", "--period", "2099-01");
    assertThat(future.exitCode()).isEqualTo(ExitCode.CONFLICT);
    assertThat(future.err()).isEqualTo("error: the billing period 2099-01 has not ended yet\n");

    CliRun typo = db.run("invoices", "close", "--period", "March");
    assertThat(typo.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(typo.err()).startsWith("error: --period: expected a month written YYYY-MM");
  }
}
