package dev.tally.model;

/**
 * Where a cluster stands on CockroachDB upgrades. {@code UNKNOWN} stands for a value newer than
 * this build.
 */
public enum ClusterUpgradeStatus {
  FINALIZED,
  MAJOR_UPGRADE_RUNNING,
  UPGRADE_AVAILABLE,
  PENDING_FINALIZATION,
  ROLLBACK_RUNNING,
  UNKNOWN
}
