package dev.tally.model.extensions;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Who an organization's invoices are addressed to, as printed on the invoice PDF. Each field is
 * {@code null} until an operator sets it ({@code tally orgs update ID --billing-name ...}).
 *
 * @param name the person or company billed, one line
 * @param address postal address; lines separated by {@code \n}
 * @param email where invoices go
 */
// Written with its nulls, unlike the rest of the wire model: the fields are documented as null
// until set, and a client reading {} would not know the contact has these three fields.
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BillingContact(String name, String address, String email) {

  /** No contact set. */
  public static final BillingContact NONE = new BillingContact(null, null, null);
}
