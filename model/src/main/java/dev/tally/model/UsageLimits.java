package dev.tally.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Serverless limits; int64 values travel as decimal strings, as the reference says. */
public record UsageLimits(
    @JsonProperty("provisioned_virtual_cpus") String provisionedVirtualCpus,
    @JsonProperty("request_unit_limit") String requestUnitLimit,
    @JsonProperty("storage_mib_limit") String storageMibLimit) {}
