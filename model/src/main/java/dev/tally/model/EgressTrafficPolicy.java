package dev.tally.model;

/**
 * A cluster's outbound traffic policy. {@code UNKNOWN} stands for a value newer than this build.
 */
public enum EgressTrafficPolicy {
  UNSPECIFIED,
  ERROR,
  ALLOW_ALL,
  DEFAULT_DENY,
  UPDATING,
  UNKNOWN
}
