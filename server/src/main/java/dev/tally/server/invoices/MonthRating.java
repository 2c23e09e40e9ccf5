package dev.tally.server.invoices;

import dev.tally.engine.GrantBalance;
import dev.tally.engine.InvoiceAssembler;
import dev.tally.engine.InvoiceIds;
import dev.tally.engine.RatedInvoice;
import dev.tally.engine.RatingException;
import dev.tally.engine.RatingInput;
import dev.tally.model.BillingPeriod;
import dev.tally.model.InvoiceStatus;
import dev.tally.server.errors.Failure;
import dev.tally.server.store.Transaction;
import java.sql.SQLException;
import java.util.List;

/**
 * Gathers what the engine needs to rate one organization's month, from the owners of each table:
 * its clusters as they are now (an invoice shows a cluster's name at the time it is rated or
 * closed), its daily usage, its adjustments, and the credit balances carried in.
 */
final class MonthRating {

  private MonthRating() {}

  /**
   * Rates the month with {@code assembler}.
   *
   * @throws Failure FAILED_PRECONDITION when the month's inputs cannot be rated (usage of a SKU the
   *     book does not price that day): never a 500, and the message says what to load
   */
  static RatedInvoice rate(
      InvoiceAssembler assembler,
      Transaction db,
      String organizationId,
      BillingPeriod period,
      InvoiceStatus status,
      List<GrantBalance> credits)
      throws SQLException {
    return rate(assembler, inputs(db, organizationId, period, status, credits));
  }

  /**
   * Rates gathered inputs with {@code assembler}.
   *
   * @throws Failure FAILED_PRECONDITION as {@link #rate(InvoiceAssembler, Transaction, String,
   *     BillingPeriod, InvoiceStatus, List)}
   */
  static RatedInvoice rate(InvoiceAssembler assembler, RatingInput input) {
    String organizationId = input.organizationId();
    BillingPeriod period = input.period();
    try {
      return assembler.assemble(input);
    } catch (RatingException e) {
      throw Failure.failedPrecondition(
          "the "
              + period
              + " invoice of organization "
              + organizationId
              + " cannot be rated: "
              + e.getMessage()
              + "; load a price book that prices it");
    }
  }

  static RatingInput inputs(
      Transaction db,
      String organizationId,
      BillingPeriod period,
      InvoiceStatus status,
      List<GrantBalance> credits)
      throws SQLException {
    return RatingInput.forPeriod(organizationId, period)
        .withInvoiceId(InvoiceIds.monthly(organizationId, period))
        .withStatus(status)
        .withClusters(db.clusters().byId(organizationId))
        .withUsage(db.usage().daily(organizationId, period))
        .withAdjustments(db.adjustments().forPeriod(organizationId, period))
        .withCredits(credits);
  }
}
