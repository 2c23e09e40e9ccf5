package dev.tally.server.invoices;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.tally.model.BillingPeriod;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;
import dev.tally.server.errors.Failure;
import dev.tally.server.orgs.Organization;
import dev.tally.server.store.Transaction;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads invoices in the reference {@code Invoice} shape from a JSON document: one invoice, an array
 * of them, or a {@code ListInvoicesResponse} ({@code {"invoices": [...]}}). Every required field of
 * the reference must be present; a problem is reported with the invoice's position and the field.
 */
public final class InvoiceImport {

  private static final List<String> REQUIRED =
      List.of(
          "invoice_id",
          "totals",
          "period_start",
          "period_end",
          "invoice_items",
          "balances",
          "status");

  private final ObjectMapper json;

  public InvoiceImport(ObjectMapper json) {
    this.json = json;
  }

  /**
   * Stores an imported invoice: the history of a month before the organization's billing start, or
   * an unchanged copy of one Tally finalized. A month Tally bills is rated from its usage, so an
   * invoice for it from elsewhere would freeze its draft and hide usage accepted later.
   *
   * @throws Failure FAILED_PRECONDITION for a month from the billing start on that is not that same
   *     finalized invoice; as {@link InvoiceDocuments#save} otherwise
   */
  public static InvoiceDocuments.Outcome store(
      Transaction db, String organizationId, Invoice invoice) throws SQLException {
    Organization org = db.organizations().require(organizationId);
    BillingPeriod month = BillingPeriod.containing(invoice.periodStart());
    if (!month.month().isBefore(org.billingStart())) {
      boolean finalizedHere =
          db.invoices()
              .find(organizationId, invoice.invoiceId())
              .filter(stored -> stored.status().is(InvoiceStatus.FINALIZED))
              .isPresent();
      if (!finalizedHere) {
        throw Failure.failedPrecondition(
            "organization "
                + organizationId
                + " is billed by Tally from "
                + org.billingStart()
                + ", so its invoice for "
                + month
                + " is rated from its usage; import only"
                + " invoices of months before "
                + org.billingStart());
      }
    }
    db.organizations().touch(organizationId);
    return db.invoices().save(organizationId, invoice);
  }

  public List<Invoice> parse(String document) {
    JsonNode root;
    try {
      root = json.readTree(document);
    } catch (JsonProcessingException e) {
      throw Failure.invalid(
          "not valid JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    } catch (NumberFormatException e) {
      throw Failure.invalid(
          "not valid JSON: a number in it is out of range (its exponent is beyond what any quantity or amount may have)");
    }
    if (root == null || root.isMissingNode()) {
      throw Failure.invalid(
          "the file is empty; expected an invoice, an array of invoices or {\"invoices\": [...]}");
    }
    JsonNode list = root.isObject() && root.has("invoices") ? root.get("invoices") : root;
    List<JsonNode> nodes = new ArrayList<>();
    if (list.isArray()) {
      list.forEach(nodes::add);
    } else if (list.isObject()) {
      nodes.add(list);
    } else {
      throw Failure.invalid("expected an invoice, an array of invoices or {\"invoices\": [...]}");
    }
    List<Invoice> invoices = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      invoices.add(InvoiceRules.check(toInvoice(i, nodes.get(i))));
    }
    return invoices;
  }

  private Invoice toInvoice(int index, JsonNode node) {
    String where = "invoice #" + (index + 1);
    if (!node.isObject()) {
      throw Failure.invalid(where + " is not a JSON object");
    }
    for (String field : REQUIRED) {
      if (!node.hasNonNull(field)) {
        throw Failure.invalid(where + " lacks the required field " + field);
      }
    }
    try {
      return json.treeToValue(node, Invoice.class);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw Failure.invalid(
          where
              + " ("
              + node.get("invoice_id").asText()
              + "): missing "
              + cause.getMessage()
              + " at "
              + path(e));
    } catch (MismatchedInputException e) {
      throw Failure.invalid(
          where
              + " ("
              + node.get("invoice_id").asText()
              + "): wrong type at "
              + path(e)
              + ": "
              + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw Failure.invalid(where + ": " + e.getOriginalMessage());
    }
  }

  private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "the top level" : path.toString();
  }
}
