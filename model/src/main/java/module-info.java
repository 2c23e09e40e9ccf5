/**
 * The wire model: records for every JSON shape of the Billing API ({@code dev.tally.model}) and of
 * the operator API ({@code dev.tally.model.operator}), the shared Jackson configuration, and the
 * vocabulary both sides share (gRPC codes, billing periods, RFC 3339 times, whole cents).
 */
module dev.tally.model {
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;

  exports dev.tally.model;
  exports dev.tally.model.operator;
  exports dev.tally.model.provenance;
  exports dev.tally.model.extensions;

  // Jackson reads the records and instantiates the package-private (de)serializers reflectively.
  opens dev.tally.model to
      com.fasterxml.jackson.databind;
  opens dev.tally.model.operator to
      com.fasterxml.jackson.databind;
  opens dev.tally.model.provenance to
      com.fasterxml.jackson.databind;
  opens dev.tally.model.extensions to
      com.fasterxml.jackson.databind;
}
