package dev.tally.model.extensions;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * {@code GET /tally/v1/organization}: the caller's organization.
 *
 * <pre>{@code
 * {"id": "demo-org", "name": "Demo Org",
 *  "billing_contact": {"name": "Demo Org Inc.", "address": "1 Main St\nSpringfield",
 *                      "email": "billing@example.com"}}
 * }</pre>
 *
 * @param id the organization's id
 * @param name its display name
 * @param billingContact never null; its fields are null when not set
 */
public record OrganizationProfile(
    String id, String name, @JsonProperty("billing_contact") BillingContact billingContact) {

  public OrganizationProfile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    billingContact = Objects.requireNonNullElse(billingContact, BillingContact.NONE);
  }
}
