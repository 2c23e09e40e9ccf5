package dev.tally.server.invoices;

import dev.tally.model.Invoice;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the API's invoices come from (in the server, {@code LiveInvoices}: stored documents plus drafts
 * rated from usage at read time). {@code now} is the request's time, so one request sees one instant.
 */
public interface InvoiceSource {

  List<Invoice> list(String organizationId, InvoiceWindow window, Instant now);

  Optional<Invoice> find(String organizationId, String invoiceId, Instant now);
}
