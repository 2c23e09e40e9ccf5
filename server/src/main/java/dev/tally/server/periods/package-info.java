/**
 * Billing periods: {@link dev.tally.server.periods.BillingPeriods} owns which months of which
 * organization are open or closed, the lock that orders ingestion, adjustments and the close, the
 * count of late events, and the rule for which month a close is due for.
 */
package dev.tally.server.periods;
