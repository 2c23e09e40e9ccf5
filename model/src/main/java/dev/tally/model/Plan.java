package dev.tally.model;

/** A cluster's plan. {@code UNKNOWN} stands for a value newer than this build. */
public enum Plan {
  BASIC,
  STANDARD,
  ADVANCED,
  UNKNOWN
}
