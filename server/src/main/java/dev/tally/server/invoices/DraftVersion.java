package dev.tally.server.invoices;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Everything a DRAFT's rating, and an organization's list of invoices, depend on: a draft rated at
 * one version is the draft of every read at the same version, so it may be cached under it. Read in
 * one statement, alone or in the same transaction as whatever it versions.
 *
 * @param organizationRevision the organization's revision, advanced by every change to its usage,
 *     adjustments, credit grants, clusters, closes and imports (see {@code Organizations#touch}),
 *     and by every new price book ({@code Organizations#touchAll})
 * @param day the UTC day of the read, which decides the open months
 */
public record DraftVersion(long organizationRevision, LocalDate day) {

  static DraftVersion at(long organizationRevision, Instant now) {
    return new DraftVersion(organizationRevision, LocalDate.ofInstant(now, ZoneOffset.UTC));
  }
}
