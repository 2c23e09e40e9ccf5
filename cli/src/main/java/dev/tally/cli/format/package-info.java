/**
 * How commands print what they got: tables for people, aligned by display width (wide CJK
 * characters take two columns, combining marks none), CSV for spreadsheets (text cells that a
 * spreadsheet would run as formulas are neutralised) and JSON written with the wire model's mapper;
 * {@code Listing} gives every {@code list} command all three. Formatting only: nothing here reads
 * input or calls a server.
 */
package dev.tally.cli.format;
