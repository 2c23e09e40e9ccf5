package dev.tally.server.exports;

import dev.tally.model.BillingPeriod;
import dev.tally.model.Cluster;
import dev.tally.model.CurrencyAmount;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceAdjustment;
import dev.tally.model.InvoiceItem;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.LineItem;
import dev.tally.model.OpenEnum;
import dev.tally.model.Region;
import dev.tally.model.extensions.BillingContact;
import dev.tally.model.extensions.OrganizationProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.apache.pdfbox.util.Matrix;

/**
 * An invoice as a printable PDF (A4, rendered with Apache PDFBox in Helvetica, one of the standard
 * 14 fonts, so nothing is embedded): the letterhead ("Tally" and the organization), the billing
 * contact, the invoice's id, period and status, each cluster (name, plan, cloud, regions, labels)
 * with its line items (description, quantity with unit, unit price, total) and subtotal, the
 * adjustments, the credits used and left, and the totals per currency. A {@code DRAFT} carries a
 * large diagonal "DRAFT" watermark on every page. Long invoices run over as many pages as they
 * need, each numbered "Page n of m". Characters Helvetica cannot draw show as {@code ?} (see {@link
 * PdfText}).
 *
 * <p>Amounts are printed as the invoice holds them (whole cents), grouped by thousands, with their
 * currency code: {@code 1,234.56 USD}. Unit prices and quantities are printed in full.
 */
public final class InvoicePdf {

  private static final float MARGIN = 50;
  private static final float RIGHT = PDRectangle.A4.getWidth() - MARGIN;
  private static final float QUANTITY_RIGHT = 375;
  private static final float PRICE_RIGHT = 465;
  private static final float DESCRIPTION_WIDTH = 205;
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);

  private InvoicePdf() {}

  /** The invoice as PDF bytes. */
  public static byte[] render(Invoice invoice, OrganizationProfile org) {
    try (PDDocument document = new PDDocument()) {
      PDDocumentInformation info = document.getDocumentInformation();
      info.setTitle("Invoice " + invoice.invoiceId());
      info.setCreator("Tally");
      Writer w = new Writer(document);
      write(w, invoice, org);
      w.finish(isDraft(invoice));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isDraft(Invoice invoice) {
    return invoice.status() != null && invoice.status().value() == InvoiceStatus.DRAFT;
  }

  private static void write(Writer w, Invoice invoice, OrganizationProfile org) throws IOException {
    w.text(w.bold, 22, MARGIN, "Tally");
    w.right(w.bold, 12, RIGHT, org.name());
    w.down(28);
    w.rule();
    w.down(6);
    w.line(w.regular, 9, "Invoice from Tally for " + org.name() + " (" + org.id() + ")");
    w.down(14);

    BillingContact contact = org.billingContact();
    w.line(w.bold, 10, "Bill to");
    w.line(w.regular, 10, contact.name() != null ? contact.name() : org.name());
    if (contact.address() != null) {
      for (String addressLine : contact.address().split("\n")) {
        w.line(w.regular, 10, addressLine);
      }
    }
    if (contact.email() != null) {
      w.line(w.regular, 10, contact.email());
    }
    w.down(10);

    BillingPeriod period = BillingPeriod.containing(invoice.periodStart());
    String status = invoice.status() == null ? "UNKNOWN" : invoice.status().raw();
    w.pair("Invoice", invoice.invoiceId());
    w.pair(
        "Period",
        period
            + " ("
            + DAY.format(invoice.periodStart().atOffset(ZoneOffset.UTC))
            + " to "
            + DAY.format(invoice.periodEnd().atOffset(ZoneOffset.UTC))
            + ", end exclusive, UTC)");
    w.pair(
        "Status", isDraft(invoice) ? status + " (usage so far; amounts may still change)" : status);
    w.down(12);

    for (InvoiceItem item : invoice.invoiceItems()) {
      cluster(w, item);
    }
    if (invoice.invoiceItems().isEmpty()) {
      w.line(w.regular, 10, "No cluster usage in this period.");
      w.down(8);
    }

    if (!invoice.adjustments().isEmpty()) {
      w.need(40);
      w.line(w.bold, 11, "Adjustments");
      for (InvoiceAdjustment adjustment : invoice.adjustments()) {
        w.row(adjustment.name(), "", "", money(adjustment.amount()));
      }
      w.down(8);
    }

    w.need(60);
    w.line(w.bold, 11, "Totals");
    List<CurrencyAmount> credits = invoice.totals().stream().filter(InvoicePdf::isCredits).toList();
    for (CurrencyAmount total : invoice.totals()) {
      if (!isCredits(total)) {
        w.row("Total due (" + total.currency().raw() + ")", "", "", money(total));
      }
    }
    if (credits.isEmpty()) {
      w.row("Credits used", "", "", "0.00 CRDB_CLOUD_CREDITS");
    }
    for (CurrencyAmount used : credits) {
      w.row("Credits used", "", "", money(used));
    }
    for (CurrencyAmount left : invoice.balances()) {
      w.row("Credits left after this period", "", "", money(left));
    }
  }

  private static void cluster(Writer w, InvoiceItem item) throws IOException {
    Cluster cluster = item.cluster();
    w.need(70);
    w.line(w.bold, 11, cluster.name());
    w.line(
        w.regular,
        8,
        "Cluster "
            + cluster.id()
            + "  |  plan "
            + raw(cluster.plan())
            + "  |  cloud "
            + raw(cluster.cloudProvider())
            + "  |  region "
            + regions(cluster.regions()));
    if (!cluster.labels().isEmpty()) {
      w.line(w.regular, 8, "Labels: " + InvoiceCsv.labels(cluster.labels()));
    }
    w.down(2);
    w.header();
    for (LineItem line : item.lineItems()) {
      w.row(
          line.description(),
          line.quantity().toPlainString() + " " + unit(line.quantityUnit().raw()),
          line.unitCost().toPlainString() + " " + line.total().currency().raw(),
          money(line.total()));
    }
    for (CurrencyAmount subtotal : item.totals()) {
      w.row("Subtotal " + cluster.name(), "", "", money(subtotal));
    }
    w.down(10);
  }

  private static boolean isCredits(CurrencyAmount amount) {
    return "CRDB_CLOUD_CREDITS".equals(amount.currency().raw());
  }

  private static String raw(OpenEnum<?> value) {
    return value == null ? "-" : value.raw();
  }

  private static String regions(List<Region> regions) {
    return regions.isEmpty()
        ? "-"
        : regions.stream().map(Region::name).collect(Collectors.joining(", "));
  }

  /** A quantity unit as people write it. */
  static String unit(String unit) {
    return switch (unit) {
      case "HOURS" -> "hours";
      case "REQUEST_UNITS" -> "request units";
      case "GIB" -> "GiB";
      case "GIB_HOURS" -> "GiB-hours";
      case "VCPU_HOURS" -> "vCPU-hours";
      default -> unit;
    };
  }

  /** An amount with thousands grouped and its currency: {@code -1,234.56 USD}. */
  public static String money(CurrencyAmount amount) {
    return String.format(Locale.ROOT, "%,.2f", amount.amount()) + " " + amount.currency().raw();
  }

  /** Writes top to bottom, starting a new page when the current one is full. */
  private static final class Writer {
    final PDDocument document;
    final PdfText regular = new PdfText(new PDType1Font(Standard14Fonts.FontName.HELVETICA));
    final PdfText bold = new PdfText(new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD));
    final List<PDPage> pages = new ArrayList<>();
    PDPageContentStream content;
    float y;

    Writer(PDDocument document) throws IOException {
      this.document = document;
      newPage();
    }

    void newPage() throws IOException {
      if (content != null) {
        content.close();
      }
      PDPage page = new PDPage(PDRectangle.A4);
      document.addPage(page);
      pages.add(page);
      content = new PDPageContentStream(document, page);
      y = PDRectangle.A4.getHeight() - MARGIN;
    }

    /** Starts a new page unless {@code height} points are left above the footer. */
    void need(float height) throws IOException {
      if (y - height < MARGIN + 20) {
        newPage();
      }
    }

    void down(float points) {
      y -= points;
    }

    /** A thin line across the page at the current height. */
    void rule() throws IOException {
      content.setLineWidth(0.5f);
      content.moveTo(MARGIN, y);
      content.lineTo(RIGHT, y);
      content.stroke();
    }

    void text(PdfText font, float size, float x, String text) throws IOException {
      String drawable = font.drawable(text);
      content.beginText();
      content.setFont(font.font(), size);
      content.newLineAtOffset(x, y - size);
      content.showText(drawable);
      content.endText();
    }

    void right(PdfText font, float size, float rightEdge, String text) throws IOException {
      text(font, size, rightEdge - font.width(font.drawable(text), size), text);
    }

    /** One line of text at the left margin, wrapped to the page's width. */
    void line(PdfText font, float size, String text) throws IOException {
      for (String part : wrap(font, size, text, RIGHT - MARGIN)) {
        need(size + 4);
        text(font, size, MARGIN, part);
        y -= size + 4;
      }
    }

    void pair(String label, String value) throws IOException {
      need(16);
      text(bold, 10, MARGIN, label);
      text(regular, 10, MARGIN + 60, value);
      y -= 14;
    }

    void header() throws IOException {
      need(30);
      text(bold, 9, MARGIN, "Description");
      right(bold, 9, QUANTITY_RIGHT, "Quantity");
      right(bold, 9, PRICE_RIGHT, "Unit price");
      right(bold, 9, RIGHT, "Total");
      y -= 13;
    }

    /** A table row; the description wraps within its column. */
    void row(String description, String quantity, String unitPrice, String total)
        throws IOException {
      List<String> lines = wrap(regular, 9, description, DESCRIPTION_WIDTH);
      need(12f * lines.size() + 2);
      // Left to right, so that text extraction reads a row as one line.
      text(regular, 9, MARGIN, lines.get(0));
      right(regular, 9, QUANTITY_RIGHT, quantity);
      right(regular, 9, PRICE_RIGHT, unitPrice);
      right(regular, 9, RIGHT, total);
      y -= 12;
      for (String part : lines.subList(1, lines.size())) {
        text(regular, 9, MARGIN, part);
        y -= 12;
      }
    }

    /** Numbers every page and, for a draft, lays the watermark over it; then closes the pages. */
    void finish(boolean draft) throws IOException {
      content.close();
      for (int i = 0; i < pages.size(); i++) {
        try (PDPageContentStream footer =
            new PDPageContentStream(
                document, pages.get(i), PDPageContentStream.AppendMode.APPEND, true, true)) {
          String number = "Page " + (i + 1) + " of " + pages.size();
          footer.beginText();
          footer.setFont(regular.font(), 8);
          footer.newLineAtOffset(RIGHT - regular.width(number, 8), MARGIN - 20);
          footer.showText(number);
          footer.endText();
          if (draft) {
            watermark(footer);
          }
        }
      }
    }

    private void watermark(PDPageContentStream stream) throws IOException {
      PDExtendedGraphicsState translucent = new PDExtendedGraphicsState();
      translucent.setNonStrokingAlphaConstant(0.15f);
      stream.saveGraphicsState();
      stream.setGraphicsStateParameters(translucent);
      stream.setNonStrokingColor(0.8f, 0f, 0f);
      stream.beginText();
      stream.setFont(bold.font(), 140);
      stream.setTextMatrix(Matrix.getRotateInstance(Math.toRadians(45), 130, 230));
      stream.showText("DRAFT");
      stream.endText();
      stream.restoreGraphicsState();
    }

    /** Splits {@code text} into lines no wider than {@code width}, at spaces where it can. */
    static List<String> wrap(PdfText font, float size, String text, float width) {
      String drawable = font.drawable(text);
      List<String> lines = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String word : drawable.split(" ", -1)) {
        String candidate = current.isEmpty() ? word : current + " " + word;
        if (font.width(candidate, size) <= width || current.isEmpty()) {
          current.setLength(0);
          current.append(candidate);
        } else {
          lines.add(current.toString());
          current.setLength(0);
          current.append(word);
        }
        while (font.width(current.toString(), size) > width && current.length() > 1) {
          int cut = current.length() - 1;
          while (cut > 1 && font.width(current.substring(0, cut), size) > width) {
            cut--;
          }
          lines.add(current.substring(0, cut));
          current.delete(0, cut);
        }
      }
      lines.add(current.toString());
      return lines;
    }
  }
}
