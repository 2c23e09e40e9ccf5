/**
 * The demo organization: clusters of each plan, a year of finalized invoices and the running
 * month's draft, and one service account per interesting role, so a new user can try the API at
 * once.
 */
package dev.tally.server.demo;
