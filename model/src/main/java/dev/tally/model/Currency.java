package dev.tally.model;

/** The currencies an amount can be in. {@code UNKNOWN} stands for a value newer than this build. */
public enum Currency {
  USD,
  CRDB_CLOUD_CREDITS,
  UNKNOWN
}
