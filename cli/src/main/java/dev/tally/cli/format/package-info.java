/**
 * How commands print what they got: aligned tables for people, CSV for spreadsheets (text cells that
 * a spreadsheet would run as formulas are neutralised) and JSON written with the wire model's
 * mapper. Formatting only: nothing here reads input or calls a server.
 */
package dev.tally.cli.format;
