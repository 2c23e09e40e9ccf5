package dev.tally.model;

/**
 * Whether a cluster is reachable publicly or only privately. {@code UNKNOWN} stands for a value
 * newer than this build.
 */
public enum NetworkVisibility {
  PUBLIC,
  PRIVATE,
  UNKNOWN
}
