package dev.tally.model;

/**
 * Whether an invoice may still change ({@code DRAFT}) or never will ({@code FINALIZED}). {@code
 * UNKNOWN} stands for a value newer than this build.
 */
public enum InvoiceStatus {
  FINALIZED,
  DRAFT,
  UNKNOWN
}
