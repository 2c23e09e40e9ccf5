/**
 * The wire model of Tally's own read routes under {@code /tally/v1/}, outside the reference
 * contract's paths, with the Billing API's authentication and authorization (a key whose service
 * account holds {@code BILLING_COORDINATOR} or {@code CLUSTER_ADMIN} at organization scope):
 *
 * <ul>
 *   <li>{@code GET /tally/v1/organization}: {@link dev.tally.model.extensions.OrganizationProfile}
 *       with its {@link dev.tally.model.extensions.BillingContact};
 *   <li>{@code GET /tally/v1/credits}: {@link dev.tally.model.extensions.CreditsOverview} of {@link
 *       dev.tally.model.extensions.CreditGrantBalance}s;
 *   <li>{@code GET /tally/v1/invoices/{invoice_id}/pdf} and {@code .../csv}: the invoice as a
 *       document (bytes, no model).
 * </ul>
 *
 * <p>Field names are snake_case. Money here is a JSON <em>string</em> holding a decimal with two
 * places ({@code "123.45"}), in USD; times are RFC 3339 in UTC.
 */
package dev.tally.model.extensions;
