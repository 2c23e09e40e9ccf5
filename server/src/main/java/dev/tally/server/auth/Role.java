package dev.tally.server.auth;

/** The organization roles of the reference API ({@code OrganizationUserRole.Type}). */
public enum Role {
  CLUSTER_ADMIN,
  CLUSTER_OPERATOR_WRITER,
  CLUSTER_DEVELOPER,
  CLUSTER_CREATOR,
  ORG_ADMIN,
  ORG_MEMBER,
  BILLING_COORDINATOR,
  FOLDER_ADMIN,
  FOLDER_MOVER,
  METRICS_VIEWER
}
