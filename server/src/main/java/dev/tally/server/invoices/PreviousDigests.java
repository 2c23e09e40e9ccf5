package dev.tally.server.invoices;

import dev.tally.model.BillingPeriod;
import dev.tally.server.store.Transactor;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The digests of one month's rating records for a chunk of organizations, read before the close of
 * the month after it, so that chaining each invoice to the month before (docs/billing-model.md,
 * "The digest") costs the close one statement per chunk instead of one per organization.
 *
 * <p>Only a hint: a record, once written, never changes, so a digest found here is the one the
 * transaction would read; a month not found (not closed yet, closed meanwhile, or an id outside the
 * range as the database orders ids) is looked up in the close's transaction as before.
 *
 * @param month the month the digests are of
 * @param digests by organization id
 */
record PreviousDigests(BillingPeriod month, Map<String, String> digests) {

  /** Knows nothing: every month is looked up. */
  static final PreviousDigests NONE = new PreviousDigests(null, Map.of());

  PreviousDigests {
    digests = Map.copyOf(digests);
  }

  /**
   * Reads the digests of the month before {@code closing} for {@code organizationIds}, sorted
   * ascending and not empty.
   */
  static PreviousDigests readAhead(
      Transactor tx, BillingPeriod closing, List<String> organizationIds) {
    if (organizationIds.isEmpty()) {
      return NONE;
    }
    BillingPeriod before = new BillingPeriod(closing.month().minusMonths(1));
    return new PreviousDigests(
        before,
        tx.read(
            db ->
                db.invoices()
                    .digests(before, organizationIds.getFirst(), organizationIds.getLast())));
  }

  /** The digest of {@code organizationId}'s record of {@code month}, if read ahead. */
  Optional<String> digest(String organizationId, BillingPeriod month) {
    return month.equals(this.month)
        ? Optional.ofNullable(digests.get(organizationId))
        : Optional.empty();
  }
}
