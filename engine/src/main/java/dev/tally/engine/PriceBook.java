package dev.tally.engine;

import dev.tally.model.CallerText;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Every SKU's list price versions plus per-organization contract prices; answers "what does this
 * organization pay per unit of this SKU on this UTC day?".
 *
 * <p>Rules, checked when the book is built (all problems at once, as {@link
 * InvalidPriceBookException}):
 *
 * <ul>
 *   <li>no two list prices for the same (sku, effective_from);
 *   <li>all versions of a SKU share its description and quantity unit;
 *   <li>an override names a SKU that has a list price, and no two overrides share (organization_id,
 *       sku, effective_from).
 * </ul>
 *
 * <p>Immutable and thread-safe. Equal books hold the same prices and overrides, whatever order they
 * were given in.
 */
public final class PriceBook {

  private static final Comparator<Price> PRICE_ORDER =
      Comparator.comparing(Price::sku).thenComparing(Price::effectiveFrom);
  private static final Comparator<PriceOverride> OVERRIDE_ORDER =
      Comparator.comparing(PriceOverride::organizationId)
          .thenComparing(PriceOverride::sku)
          .thenComparing(PriceOverride::effectiveFrom);

  private final List<Price> prices;
  private final List<PriceOverride> overrides;
  private final Map<String, NavigableMap<LocalDate, Price>> listPricesBySku = new HashMap<>();
  private final Map<ContractKey, NavigableMap<LocalDate, PriceOverride>> overridesByContract =
      new HashMap<>();

  private record ContractKey(String organizationId, String sku) {}

  /**
   * @throws InvalidPriceBookException naming every entry that breaks a rule
   */
  public PriceBook(Collection<Price> prices, Collection<PriceOverride> overrides) {
    this(List.copyOf(prices), i -> "price #" + i, List.copyOf(overrides), i -> "override #" + i);
  }

  /**
   * @param priceLabel names the i-th price in error messages (a file loader passes {@code skus[i]})
   */
  PriceBook(
      List<Price> prices,
      IntFunction<String> priceLabel,
      List<PriceOverride> overrides,
      IntFunction<String> overrideLabel) {
    List<String> problems = new ProblemList();
    Map<String, Integer> firstVersionIndex = new HashMap<>();
    for (int i = 0; i < prices.size(); i++) {
      Price price = prices.get(i);
      String label = priceLabel.apply(i) + " (sku \"" + CallerText.quote(price.sku()) + "\")";
      Price clash =
          listPricesBySku
              .computeIfAbsent(price.sku(), sku -> new TreeMap<>())
              .putIfAbsent(price.effectiveFrom(), price);
      if (clash != null) {
        problems.add(
            label
                + ": duplicate effective_from "
                + price.effectiveFrom()
                + " (the sku already has a price from that day)");
      }
      Integer first = firstVersionIndex.putIfAbsent(price.sku(), i);
      if (first != null) {
        Price firstVersion = prices.get(first);
        if (!firstVersion.description().equals(price.description())) {
          problems.add(
              label
                  + ": description \""
                  + CallerText.quote(price.description())
                  + "\" differs from \""
                  + CallerText.quote(firstVersion.description())
                  + "\" in "
                  + priceLabel.apply(first)
                  + "; all versions of a sku share one description");
        }
        if (firstVersion.quantityUnit() != price.quantityUnit()) {
          problems.add(
              label
                  + ": quantity_unit "
                  + price.quantityUnit()
                  + " differs from "
                  + firstVersion.quantityUnit()
                  + " in "
                  + priceLabel.apply(first)
                  + "; all versions of a sku share one quantity_unit");
        }
      }
    }
    for (int i = 0; i < overrides.size(); i++) {
      PriceOverride override = overrides.get(i);
      String label =
          overrideLabel.apply(i)
              + " (organization_id \""
              + CallerText.quote(override.organizationId())
              + "\", sku \""
              + CallerText.quote(override.sku())
              + "\")";
      if (!listPricesBySku.containsKey(override.sku())) {
        problems.add(label + ": its sku has no list price");
      }
      PriceOverride clash =
          overridesByContract
              .computeIfAbsent(
                  new ContractKey(override.organizationId(), override.sku()), k -> new TreeMap<>())
              .putIfAbsent(override.effectiveFrom(), override);
      if (clash != null) {
        problems.add(
            label
                + ": duplicate effective_from "
                + override.effectiveFrom()
                + " (the organization already has a price for the sku from that day)");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidPriceBookException(problems);
    }
    this.prices = prices.stream().sorted(PRICE_ORDER).toList();
    this.overrides = overrides.stream().sorted(OVERRIDE_ORDER).toList();
  }

  public static PriceBook of(Collection<Price> prices) {
    return new PriceBook(prices, List.of());
  }

  /**
   * The price the organization pays for the SKU on the day, or empty if the SKU is not sold that
   * day.
   *
   * <p>A SKU is sold on a day when one of its list versions is in effect (the latest with {@code
   * effective_from <= day}). If the organization also has an override in effect, its unit price
   * wins; the returned {@link Price} then carries the override's unit price and effective date with
   * the SKU's description and unit. An override alone does not put a SKU on sale before its first
   * list version.
   */
  public Optional<Price> priceFor(String organizationId, String sku, LocalDate day) {
    Objects.requireNonNull(organizationId, "organizationId");
    Optional<Price> list = listPriceFor(sku, day);
    if (list.isEmpty()) {
      return list;
    }
    NavigableMap<LocalDate, PriceOverride> contract =
        overridesByContract.get(new ContractKey(organizationId, sku));
    var override = contract == null ? null : contract.floorEntry(day);
    if (override == null) {
      return list;
    }
    PriceOverride o = override.getValue();
    return Optional.of(list.get().at(o.unitPrice(), o.effectiveFrom()));
  }

  /** The list price version in effect for the SKU on the day, ignoring any contract price. */
  public Optional<Price> listPriceFor(String sku, LocalDate day) {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(day, "day");
    NavigableMap<LocalDate, Price> versions = listPricesBySku.get(sku);
    if (versions == null) {
      return Optional.empty();
    }
    var entry = versions.floorEntry(day);
    return entry == null ? Optional.empty() : Optional.of(entry.getValue());
  }

  /** Every list price version, by sku then effective_from. */
  public List<Price> prices() {
    return prices;
  }

  /** Every override, by organization_id, sku, effective_from. */
  public List<PriceOverride> overrides() {
    return overrides;
  }

  public Set<String> skus() {
    return Set.copyOf(listPricesBySku.keySet());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PriceBook other
        && prices.equals(other.prices)
        && overrides.equals(other.overrides);
  }

  @Override
  public int hashCode() {
    return Objects.hash(prices, overrides);
  }

  @Override
  public String toString() {
    return "PriceBook[" + prices.size() + " prices, " + overrides.size() + " overrides]";
  }
}
