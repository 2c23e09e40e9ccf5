package dev.tally.model;

/** The cloud a cluster runs in. {@code UNKNOWN} stands for a value newer than this build. */
public enum CloudProvider {
  GCP,
  AWS,
  AZURE,
  UNKNOWN
}
