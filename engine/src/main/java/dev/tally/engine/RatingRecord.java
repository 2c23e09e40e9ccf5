package dev.tally.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.BillingPeriod;
import dev.tally.model.Cluster;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.QuantityUnit;
import dev.tally.model.WireJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a finalized invoice was computed from, kept with it (docs/billing-model.md, "The rating
 * record"): enough to rate the month again with the engine and nothing else.
 *
 * <p>It holds the month's daily usage sums per cluster and SKU; the price book revision in force
 * and the part of it that prices this usage (the list price versions of the SKUs used, and the
 * organization's contract overrides of them; {@link PriceBook#priceFor} answers the same for these
 * SKUs from the part as from the whole book); the snapshots of the clusters with usage; the
 * adjustments in the order applied; each credit grant with its balance before the month; and the
 * credit draws rating made. Its JSON (this record, written by {@link WireJson}) is stored next to
 * the invoice and is half of what the invoice's digest covers.
 *
 * @param format the record's format, {@value #FORMAT}; a reader refuses any other
 * @param period {@code YYYY-MM}
 * @param priceBookRevision the revision of the price book in force when the month closed
 */
public record RatingRecord(
    int format,
    @JsonProperty("organization_id") String organizationId,
    @JsonProperty("invoice_id") String invoiceId,
    String period,
    @JsonProperty("price_book_revision") int priceBookRevision,
    List<ListPrice> prices,
    List<ContractPrice> overrides,
    List<Cluster> clusters,
    List<Usage> usage,
    List<AdjustmentEntry> adjustments,
    List<GrantEntry> credits,
    List<DrawEntry> draws) {

  /** The one record format this engine reads and writes. */
  public static final int FORMAT = 1;

  private static final ObjectMapper JSON = WireJson.mapper();

  /** A list price version of a SKU. */
  public record ListPrice(
      String sku,
      String description,
      @JsonProperty("quantity_unit") QuantityUnit quantityUnit,
      @JsonProperty("unit_price") BigDecimal unitPrice,
      @JsonProperty("effective_from") LocalDate effectiveFrom) {}

  /** One of the organization's contract overrides. */
  public record ContractPrice(
      String sku,
      @JsonProperty("unit_price") BigDecimal unitPrice,
      @JsonProperty("effective_from") LocalDate effectiveFrom) {}

  /** One daily usage sum: the exact quantity of one SKU one cluster used on one UTC day. */
  public record Usage(
      @JsonProperty("cluster_id") String clusterId,
      String sku,
      LocalDate day,
      BigDecimal quantity) {}

  /** An adjustment as given to rating (a discount shows there before its cap). */
  public record AdjustmentEntry(String name, BigDecimal amount) {}

  /** A credit grant and its remaining amount before the month. */
  public record GrantEntry(
      @JsonProperty("grant_id") String grantId,
      BigDecimal amount,
      @JsonProperty("starts_at") Instant startsAt,
      @JsonProperty("expires_at") Instant expiresAt,
      BigDecimal remaining) {}

  /** Credits drawn from a grant for one day's charges. */
  public record DrawEntry(
      @JsonProperty("grant_id") String grantId, LocalDate day, BigDecimal amount) {}

  public RatingRecord {
    Objects.requireNonNull(organizationId, "organization_id");
    Objects.requireNonNull(invoiceId, "invoice_id");
    Objects.requireNonNull(period, "period");
    prices = List.copyOf(nullToEmpty(prices));
    overrides = List.copyOf(nullToEmpty(overrides));
    clusters = List.copyOf(nullToEmpty(clusters));
    usage = List.copyOf(nullToEmpty(usage));
    adjustments = List.copyOf(nullToEmpty(adjustments));
    credits = List.copyOf(nullToEmpty(credits));
    draws = List.copyOf(nullToEmpty(draws));
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /**
   * The record of a finalized rating: {@code rated} is what {@code book} made of {@code input}.
   * Lists are in a canonical order (usage by cluster, SKU and day; prices by SKU and date; clusters
   * and grants by id), so the same inputs give the same record whatever order they were gathered
   * in.
   */
  public static RatingRecord of(
      int priceBookRevision, PriceBook book, RatingInput input, CreditLedger ledger) {
    Map<List<Object>, BigDecimal> summed = new LinkedHashMap<>();
    for (DailyUsage row : input.usage()) {
      summed.merge(List.of(row.clusterId(), row.sku(), row.day()), row.quantity(), BigDecimal::add);
    }
    List<Usage> usage =
        summed.entrySet().stream()
            .map(
                e ->
                    new Usage(
                        (String) e.getKey().get(0),
                        (String) e.getKey().get(1),
                        (LocalDate) e.getKey().get(2),
                        Decimals.canonical(e.getValue())))
            .sorted(
                Comparator.comparing(Usage::clusterId)
                    .thenComparing(Usage::sku)
                    .thenComparing(Usage::day))
            .toList();
    Set<String> skus =
        usage.stream().map(Usage::sku).collect(Collectors.toCollection(TreeSet::new));
    Set<String> clusterIds =
        usage.stream().map(Usage::clusterId).collect(Collectors.toCollection(TreeSet::new));
    List<ListPrice> prices =
        book.prices().stream()
            .filter(p -> skus.contains(p.sku()))
            .map(
                p ->
                    new ListPrice(
                        p.sku(),
                        p.description(),
                        p.quantityUnit(),
                        p.unitPrice(),
                        p.effectiveFrom()))
            .toList();
    List<ContractPrice> overrides =
        book.overrides().stream()
            .filter(o -> o.organizationId().equals(input.organizationId()))
            .filter(o -> skus.contains(o.sku()))
            .map(o -> new ContractPrice(o.sku(), o.unitPrice(), o.effectiveFrom()))
            .toList();
    List<Cluster> clusters = clusterIds.stream().map(id -> input.clusters().get(id)).toList();
    List<AdjustmentEntry> adjustments =
        input.adjustments().stream().map(a -> new AdjustmentEntry(a.name(), a.amount())).toList();
    List<GrantEntry> credits =
        input.credits().stream()
            .sorted(Comparator.comparing(GrantBalance::grantId))
            .map(
                b ->
                    new GrantEntry(
                        b.grantId(),
                        b.grant().amount(),
                        b.grant().startsAt(),
                        b.grant().expiresAt(),
                        b.remaining()))
            .toList();
    List<DrawEntry> draws =
        ledger.draws().stream().map(d -> new DrawEntry(d.grantId(), d.day(), d.amount())).toList();
    return new RatingRecord(
        FORMAT,
        input.organizationId(),
        input.invoiceId(),
        input.period().toString(),
        priceBookRevision,
        prices,
        overrides,
        clusters,
        usage,
        adjustments,
        credits,
        draws);
  }

  /** The month rated. */
  public BillingPeriod billingPeriod() {
    return BillingPeriod.parse(period);
  }

  /**
   * The part of the price book this record keeps, as a book.
   *
   * @throws InvalidPriceBookException if the record's prices break the book's rules
   */
  public PriceBook priceBook() {
    return new PriceBook(
        prices.stream()
            .map(
                p ->
                    new Price(
                        p.sku(),
                        p.description(),
                        p.quantityUnit(),
                        p.unitPrice(),
                        p.effectiveFrom()))
            .toList(),
        overrides.stream()
            .map(o -> new PriceOverride(organizationId, o.sku(), o.unitPrice(), o.effectiveFrom()))
            .toList());
  }

  /**
   * The rating input the record keeps, with status FINALIZED.
   *
   * @throws IllegalArgumentException if a value breaks the engine's rules (a negative quantity, an
   *     adjustment with a fraction of a cent, ...)
   */
  public RatingInput input() {
    Map<String, Cluster> byId = new LinkedHashMap<>();
    clusters.forEach(c -> byId.put(c.id(), c));
    return RatingInput.forPeriod(organizationId, billingPeriod())
        .withInvoiceId(invoiceId)
        .withStatus(InvoiceStatus.FINALIZED)
        .withClusters(byId)
        .withUsage(
            usage.stream()
                .map(u -> new DailyUsage(u.clusterId(), u.sku(), u.day(), u.quantity()))
                .toList())
        .withAdjustments(
            adjustments.stream().map(a -> new Adjustment(a.name(), a.amount())).toList())
        .withCredits(
            credits.stream()
                .map(
                    g ->
                        new GrantBalance(
                            new CreditGrant(g.grantId(), g.amount(), g.startsAt(), g.expiresAt()),
                            g.remaining()))
                .toList());
  }

  /** The draws as the engine's values. */
  public List<CreditDraw> creditDraws() {
    return draws.stream().map(d -> new CreditDraw(d.grantId(), d.day(), d.amount())).toList();
  }

  /** The record's JSON, as stored. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a rating record is always writable", e);
    }
  }

  /** The record's JSON tree, as the digest covers it. */
  public JsonNode toTree() {
    return JSON.valueToTree(this);
  }

  /**
   * Reads a stored record.
   *
   * @throws IllegalArgumentException if the text is not a rating record of format {@value #FORMAT}
   */
  public static RatingRecord parse(String json) {
    RatingRecord record;
    try {
      record = JSON.readValue(json, RatingRecord.class);
    } catch (JsonProcessingException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new IllegalArgumentException(
          "not a readable rating record: " + why.lines().findFirst().orElse(""), e);
    }
    if (record.format() != FORMAT) {
      throw new IllegalArgumentException(
          "rating record format " + record.format() + " is not " + FORMAT);
    }
    return record;
  }
}
