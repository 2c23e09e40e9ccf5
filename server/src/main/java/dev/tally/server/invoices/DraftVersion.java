package dev.tally.server.invoices;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Everything a DRAFT's rating depends on besides the organization's stored data, and that data's
 * revision: a draft rated at one version is the draft of every read at the same version, so it may
 * be cached under it. Read in the same transaction as whatever it versions.
 *
 * @param organizationRevision the organization's revision, advanced by every change to its usage,
 *     adjustments, credit grants, clusters, closes and imports (see {@code Organizations#touch})
 * @param priceBookRevision the newest price book's revision
 * @param day the UTC day of the read, which decides the open months
 */
public record DraftVersion(long organizationRevision, int priceBookRevision, LocalDate day) {

  static DraftVersion at(long organizationRevision, int priceBookRevision, Instant now) {
    return new DraftVersion(
        organizationRevision, priceBookRevision, LocalDate.ofInstant(now, ZoneOffset.UTC));
  }
}
