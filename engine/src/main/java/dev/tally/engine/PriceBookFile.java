package dev.tally.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.model.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The price book on disk, format version 1:
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "skus": [
 *     {"sku": "basic.request_units", "description": "Basic request units",
 *      "quantity_unit": "REQUEST_UNITS", "unit_price": "0.0000002", "effective_from": "2024-01-01"}
 *   ],
 *   "overrides": [
 *     {"organization_id": "org_acme", "sku": "basic.request_units",
 *      "unit_price": "0.00000015", "effective_from": "2024-06-01"}
 *   ]
 * }
 * }</pre>
 *
 * <p>{@code unit_price} is read from a JSON string or number, always as its exact decimal text; it
 * is written as a string so no reader can turn it into a floating-point number. Dates are UTC days,
 * {@code yyyy-MM-dd}. {@code overrides} may be left out. Unknown fields are errors: in a file of
 * prices a misspelt field name must not pass silently.
 *
 * <p>Reading reports every problem at once as an {@link InvalidPriceBookException}, each naming its
 * entry, e.g. {@code skus[3] (sku "basic.storage"): unknown quantity_unit "GB"}.
 */
public final class PriceBookFile {

  /** The format version this build reads and writes. */
  public static final int VERSION = 1;

  /** Classpath location of the sample price book shipped with the engine. */
  public static final String DEFAULT_RESOURCE = "/dev/tally/engine/default-price-book.json";

  private static final Set<String> TOP_FIELDS = Set.of("version", "skus", "overrides");

  // WireJson reads decimals exactly (never through a double); the mapper is immutable once built.
  private static final ObjectMapper JSON = WireJson.mapper();

  private PriceBookFile() {}

  /** Parses a price book from JSON text. */
  public static PriceBook parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidPriceBookException(
          List.of(
              "not valid JSON: "
                  + e.getOriginalMessage()
                  + " (line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ")"));
    } catch (NumberFormatException e) {
      throw new InvalidPriceBookException(
          List.of(
              "not valid JSON: a number in it is out of range (its exponent is beyond what any quantity or amount may have)"));
    }
    return fromTree(root);
  }

  public static PriceBook read(InputStream in) throws IOException {
    return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
  }

  public static PriceBook read(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  /** The sample price book shipped in the engine jar ({@link #DEFAULT_RESOURCE}). */
  public static PriceBook defaultPriceBook() {
    try (InputStream in = PriceBookFile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath");
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
    }
  }

  /** The book as version-1 JSON, entries in the book's canonical order, so output is stable. */
  public static String toJson(PriceBook book) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    ArrayNode skus = root.putArray("skus");
    for (Price p : book.prices()) {
      ObjectNode entry = skus.addObject();
      entry.put("sku", p.sku());
      entry.put("description", p.description());
      entry.put("quantity_unit", p.quantityUnit().name());
      entry.put("unit_price", p.unitPrice().toPlainString());
      entry.put("effective_from", p.effectiveFrom().toString());
    }
    ArrayNode overrides = root.putArray("overrides");
    for (PriceOverride o : book.overrides()) {
      ObjectNode entry = overrides.addObject();
      entry.put("organization_id", o.organizationId());
      entry.put("sku", o.sku());
      entry.put("unit_price", o.unitPrice().toPlainString());
      entry.put("effective_from", o.effectiveFrom().toString());
    }
    try {
      return JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  public static void write(PriceBook book, Path file) throws IOException {
    Files.writeString(file, toJson(book));
  }

  /**
   * Reads a price book from JSON already parsed, as a route that parsed its body strictly has it.
   *
   * @throws InvalidPriceBookException naming the problems (the first 50) of an invalid book
   */
  public static PriceBook fromTree(JsonNode root) {
    if (!root.isObject()) {
      throw new InvalidPriceBookException(List.of("the file must hold a JSON object"));
    }
    List<String> problems = new ProblemList();
    PriceBookFileEntry.unknownFields(root, TOP_FIELDS, "the top level", problems);
    JsonNode version = root.get("version");
    if (version == null) {
      problems.add("\"version\" is missing (this build reads version " + VERSION + ")");
    } else if (!version.isIntegralNumber()) {
      // 1.0 is not version 1 written another way: a version is a whole number.
      problems.add(
          "\"version\" must be written as a whole number such as "
              + VERSION
              + (version.isNumber() ? ", not as a decimal" : ", was " + version));
    } else if (!version.canConvertToInt() || version.asInt() != VERSION) {
      problems.add(
          "unsupported version " + version + " (this build reads version " + VERSION + ")");
    }
    if (!problems.isEmpty()) {
      // Without a known version the rest of the file cannot be trusted to mean what we'd read.
      throw new InvalidPriceBookException(problems);
    }

    List<Price> prices = new ArrayList<>();
    List<String> priceLabels = new ArrayList<>();
    JsonNode skus = root.get("skus");
    if (skus == null || !skus.isArray()) {
      problems.add("\"skus\" must be an array of prices");
    } else {
      for (int i = 0; i < skus.size(); i++) {
        PriceBookFileEntry entry = new PriceBookFileEntry("skus[" + i + "]", skus.get(i), problems);
        Price price = entry.price();
        if (price != null) {
          prices.add(price);
          priceLabels.add(entry.index);
        }
      }
    }

    List<PriceOverride> overrides = new ArrayList<>();
    List<String> overrideLabels = new ArrayList<>();
    JsonNode overridesNode = root.get("overrides");
    if (overridesNode != null && !overridesNode.isNull()) {
      if (!overridesNode.isArray()) {
        problems.add("\"overrides\" must be an array of price overrides");
      } else {
        for (int i = 0; i < overridesNode.size(); i++) {
          PriceBookFileEntry entry =
              new PriceBookFileEntry("overrides[" + i + "]", overridesNode.get(i), problems);
          PriceOverride override = entry.override();
          if (override != null) {
            overrides.add(override);
            overrideLabels.add(entry.index);
          }
        }
      }
    }

    try {
      PriceBook book = new PriceBook(prices, priceLabels::get, overrides, overrideLabels::get);
      if (problems.isEmpty()) {
        return book;
      }
    } catch (InvalidPriceBookException e) {
      problems.addAll(e.problems());
      ((ProblemList) problems).countMore(e.total() - e.problems().size());
    }
    throw new InvalidPriceBookException(problems);
  }
}
