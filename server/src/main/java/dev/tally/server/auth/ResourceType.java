package dev.tally.server.auth;

/** What a role is granted on: the whole organization, one folder, or one cluster. */
public enum ResourceType {
  ORGANIZATION,
  FOLDER,
  CLUSTER
}
