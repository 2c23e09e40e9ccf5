package dev.tally.model;

/** A cluster's hardware: exactly one of the two is set. */
public record ClusterConfig(
    DedicatedHardwareConfig dedicated, ServerlessClusterConfig serverless) {}
