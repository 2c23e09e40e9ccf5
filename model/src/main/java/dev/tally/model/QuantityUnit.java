package dev.tally.model;

/**
 * The unit a line item's quantity is measured in. {@code UNKNOWN} stands for a value newer than
 * this build.
 */
public enum QuantityUnit {
  HOURS,
  REQUEST_UNITS,
  GIB,
  GIB_HOURS,
  VCPU_HOURS,
  UNKNOWN
}
