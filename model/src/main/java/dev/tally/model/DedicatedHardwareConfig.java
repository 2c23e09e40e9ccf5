package dev.tally.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/** Per-node hardware of a dedicated (Advanced) cluster. */
public record DedicatedHardwareConfig(
    @JsonProperty("machine_type") String machineType,
    @JsonProperty("num_virtual_cpus") int numVirtualCpus,
    @JsonProperty("storage_gib") int storageGib,
    @JsonProperty("memory_gib") BigDecimal memoryGib,
    @JsonProperty("disk_iops") int diskIops) {}
