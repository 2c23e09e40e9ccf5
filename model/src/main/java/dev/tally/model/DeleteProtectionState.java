package dev.tally.model;

/**
 * Whether a cluster is protected from deletion. {@code UNKNOWN} stands for a value newer than this
 * build.
 */
public enum DeleteProtectionState {
  ENABLED,
  DISABLED,
  UNKNOWN
}
