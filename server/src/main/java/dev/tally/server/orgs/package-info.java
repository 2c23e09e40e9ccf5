/**
 * The tenants: {@link dev.tally.server.orgs.Organizations} owns {@code organizations} (with each
 * one's billing start and billing contact, whose rules are {@link
 * dev.tally.server.orgs.BillingContactRules}) and {@link dev.tally.server.orgs.Clusters} owns
 * {@code clusters}, the reference {@code Cluster} objects that invoices embed. {@link
 * dev.tally.server.orgs.IdRules} says what an id or a name may be.
 */
package dev.tally.server.orgs;
