package dev.tally.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Withers change one field of an invoice and leave the other eight as they were. */
class InvoiceWithersTest {

  private final Invoice draft = Samples.draft();

  @Test
  void withStatusChangesOnlyTheStatus() {
    Invoice finalized = draft.withStatus(InvoiceStatus.FINALIZED);

    assertThat(finalized.status()).isEqualTo(OpenEnum.of(InvoiceStatus.FINALIZED));
    assertThat(finalized).usingRecursiveComparison().ignoringFields("status").isEqualTo(draft);
    assertThat(draft.status()).isEqualTo(OpenEnum.of(InvoiceStatus.DRAFT));
  }

  @Test
  void withStatusKeepsAStatusThisBuildDoesNotKnow() {
    Invoice paid = draft.withStatus(OpenEnum.parse(InvoiceStatus.class, "PAID"));

    assertThat(paid.status().raw()).isEqualTo("PAID");
    assertThat(paid.status().isKnown()).isFalse();
    assertThat(paid).usingRecursiveComparison().ignoringFields("status").isEqualTo(draft);
  }

  @Test
  void unknownIsNoStatusToSet() {
    assertThatThrownBy(() -> draft.withStatus(InvoiceStatus.UNKNOWN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withItemsChangesOnlyTheItems() {
    List<InvoiceItem> byName =
        draft.invoiceItems().stream()
            .sorted(Comparator.comparing(item -> item.cluster().name()))
            .toList();

    Invoice sorted = draft.withItems(byName);

    assertThat(sorted.invoiceItems())
        .extracting(item -> item.cluster().name())
        .containsExactly("analytics", "checkout");
    assertThat(draft.invoiceItems())
        .extracting(item -> item.cluster().name())
        .containsExactly("checkout", "analytics");
    assertThat(sorted).usingRecursiveComparison().ignoringFields("invoiceItems").isEqualTo(draft);
  }

  @Test
  void withItemsCopiesTheListItIsGiven() {
    var items = new java.util.ArrayList<>(draft.invoiceItems());
    Invoice invoice = draft.withItems(items);
    items.clear();

    assertThat(invoice.invoiceItems()).hasSize(2);
  }
}
