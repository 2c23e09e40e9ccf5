package dev.tally.model;

/**
 * How a serverless cluster takes upgrades. {@code UNKNOWN} stands for a value newer than this
 * build.
 */
public enum UpgradeType {
  MANUAL,
  AUTOMATIC,
  UNKNOWN
}
