/**
 * Options that several commands share, and what they resolve to: the database to work on, the
 * server and key to call the Billing API or the operator API with (keys come from the environment
 * or a file, never from an argument), and converters for amounts, months and time bounds.
 */
package dev.tally.cli.options;
