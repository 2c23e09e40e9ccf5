package dev.tally.server.usage;

import java.util.List;

/**
 * What became of a batch: every event is exactly one of accepted (now durably counted), duplicate
 * (counted before, by an earlier delivery) or rejected (with its reason).
 */
public record IngestResult(int accepted, int duplicates, List<Rejection> rejected) {

  public IngestResult {
    rejected = List.copyOf(rejected);
  }
}
