/**
 * Organizations and their clusters: the tenants every other record belongs to, and the reference
 * {@code Cluster} objects that invoices embed.
 */
package dev.tally.server.orgs;
