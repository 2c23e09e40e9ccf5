package dev.tally.server.usage;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Why one event of a batch was not accepted.
 *
 * @param index the event's position in the batch, from 0
 * @param eventId its id, when it had a readable one
 * @param code the gRPC code name: INVALID_ARGUMENT, NOT_FOUND or FAILED_PRECONDITION (closed period)
 * @param reason for people
 */
public record Rejection(int index, @JsonProperty("event_id") String eventId, String code, String reason) {}
