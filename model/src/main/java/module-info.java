/** The Billing API wire model: records for every JSON shape, and the shared Jackson configuration. */
module dev.tally.model {
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;

  exports dev.tally.model;
  // Jackson reads the records and instantiates the package-private OpenEnumDeserializer reflectively.
  opens dev.tally.model to com.fasterxml.jackson.databind;
}
