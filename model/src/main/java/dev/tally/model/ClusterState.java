package dev.tally.model;

/** A cluster's lifecycle state. {@code UNKNOWN} stands for a value newer than this build. */
public enum ClusterState {
  CREATING,
  CREATED,
  CREATION_FAILED,
  DELETED,
  LOCKED,
  UNKNOWN
}
