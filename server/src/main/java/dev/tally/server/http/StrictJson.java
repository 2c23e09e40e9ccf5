package dev.tally.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.CallerText;
import dev.tally.model.Utf16;
import dev.tally.model.WireJson;
import dev.tally.server.errors.Failure;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator API's JSON reader, stricter than the wire model's: a field named twice, anything
 * after the one JSON value, a NUL byte anywhere, nesting deeper than {@link #MAX_DEPTH}, a string
 * longer than {@link #MAX_STRING} characters, a number longer than {@link #MAX_NUMBER} characters
 * or more than {@link #MAX_TOKENS} tokens is refused before anything else reads the body. Errors
 * are {@code INVALID_ARGUMENT} in Tally's words, with the line and column, never the parser's.
 */
final class StrictJson {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StrictJson.class);

  /** The deepest nesting of objects and arrays: a price book needs 4. */
  static final int MAX_DEPTH = 32;

  /** The longest string value, in characters. */
  static final int MAX_STRING = 10_000;

  /**
   * The longest field name, in characters (code points): every field Tally reads has a short name
   * (an unknown one is refused anyway), and a body's table of names, which no budget counts
   * (BodyMemory counts bytes), is kept small by keeping names short. The parser itself counts a
   * name's UTF-8 bytes, so it is given four bytes a character and the characters are counted here
   * ({@link #scanBytes}, {@link #checkStrings}).
   */
  static final int MAX_NAME = 256;

  /** The longest number, in characters: more than any bounded quantity or amount needs. */
  static final int MAX_NUMBER = 64;

  /**
   * The most JSON tokens a body may hold: a full batch of 10,000 events takes about 140,000. It
   * bounds the parsed tree, which bytes alone do not: 16 MiB of {@code {},} is 5.6 million objects.
   */
  static final long MAX_TOKENS = 200_000;

  private static final Pattern QUOTED = Pattern.compile("'([^']*)'|\"([^\"]*)\"");

  private final ObjectMapper mapper;

  StrictJson() {
    this.mapper = WireJson.mapper();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_STRING)
                .maxNameLength(4 * MAX_NAME)
                .maxNumberLength(MAX_NUMBER)
                .maxTokenCount(MAX_TOKENS)
                .build());
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    // Not interned: the JVM's string table would keep names that only one body held.
    mapper.getFactory().disable(com.fasterxml.jackson.core.JsonFactory.Feature.INTERN_FIELD_NAMES);
  }

  /**
   * The body as a JSON object.
   *
   * @throws Failure INVALID_ARGUMENT naming the rule the body breaks
   */
  JsonNode object(byte[] body) {
    JsonNode node = tree(body);
    if (!node.isObject()) {
      throw Failure.invalid("the body must be a JSON object");
    }
    return node;
  }

  /**
   * The body as any JSON value.
   *
   * @throws Failure INVALID_ARGUMENT naming the rule the body breaks
   */
  JsonNode tree(byte[] body) {
    // JSON has no place for a raw NUL byte (inside a string it must be written \u0000), and the
    // parser takes one as the end of the input: without this, whatever follows it went unread.
    int found = scanBytes(body);
    try (JsonParser parser = parserOwningItsNames(body)) {
      JsonNode node = mapper.readTree(parser);
      if (node == null || node.isMissingNode()) {
        throw Failure.invalid("the body is empty; it must be a JSON object");
      }
      afterTheValue(parser);
      if (found != 0) {
        checkStrings(node, (found & SURROGATE_ESCAPES) != 0, (found & LONG_NAMES) != 0);
      }
      return node;
    } catch (StreamConstraintsException e) {
      throw Failure.invalid("the body is not accepted: " + constraint(e.getMessage()));
    } catch (JsonProcessingException e) {
      throw Failure.invalid("the body is not valid JSON: " + explain(e) + where(e.getLocation()));
    } catch (NumberFormatException | ArithmeticException e) {
      throw Failure.invalid(
          "the body is not valid JSON: a number in it is out of range (its exponent is beyond"
              + " what any quantity or amount may have)");
    } catch (IOException e) {
      throw Failure.invalid("the body could not be read");
    } catch (Failure f) {
      throw f;
    } catch (RuntimeException e) {
      // The parser failing in a way it does not declare is still about this body alone (its
      // table of names is its own): the body is refused, and the failure logged for a look.
      log.warn(
          "the JSON parser failed on a request body ({}: {})",
          e.getClass().getName(),
          e.getMessage());
      throw Failure.invalid("the body is not accepted: the JSON parser could not read it");
    }
  }

  /**
   * A parser for {@code body} with a table of field names of its own, thrown away with it.
   *
   * <p>Jackson reads UTF-8 bytes with its byte parser only while it canonicalizes field names (else
   * it decodes them through a {@code Reader} first, docs/benchmarks.md "Ingestion with COPY"), and
   * a factory's table of names is shared by every parser it makes. Shared, one body could leave it
   * holding names no other body sent, or so full of names of one hash that later bodies were
   * refused: a stranger test filled it with 1,000 names colliding with {@code organization_id}'s
   * hash, and every valid batch was refused after that. A copy of the factory has new, empty tables
   * and the same settings and limits.
   */
  private JsonParser parserOwningItsNames(byte[] body) throws IOException {
    return mapper.getFactory().copy().createParser(body);
  }

  /**
   * Whatever follows the one value is refused as such, whether or not it would parse: {@code {}
   * xyz} is "more after the JSON value", not "something that is not JSON".
   */
  private static void afterTheValue(JsonParser parser) throws IOException {
    JsonLocation end = parser.currentLocation();
    boolean more;
    try {
      more = parser.nextToken() != null;
    } catch (JsonProcessingException notJson) {
      more = true;
    }
    if (more) {
      throw Failure.invalid(
          "the body is not valid JSON: there is more after the JSON value; the body must hold"
              + " exactly one JSON object"
              + where(end));
    }
  }

  /** {@link #scanBytes} found a {@code \\uD800} to {@code \\uDFFF} escape. */
  private static final int SURROGATE_ESCAPES = 1;

  /** {@link #scanBytes} found a field name that may be over {@link #MAX_NAME} characters. */
  private static final int LONG_NAMES = 2;

  /**
   * One pass over the bytes before the parser: refuses a NUL byte, and says what the tree must be
   * walked for. A {@code \\uD800} to {@code \\uDFFF} escape (either half of a pair) is the only way
   * a JSON text in UTF-8 can hold half a character. A name of more than {@link #MAX_NAME}
   * characters takes more than that many bytes between two quotes, unless it holds an escaped
   * quote: a body with neither a long run between quotes nor a backslash has no name over the
   * limit. Most bodies have none of these, and their trees are not walked.
   */
  private static int scanBytes(byte[] body) {
    int found = 0;
    int lastQuote = -1;
    for (int i = 0; i < body.length; i++) {
      byte b = body[i];
      if (b == 0) {
        throw Failure.invalid(
            "the body is not valid JSON: it holds a NUL byte (at byte " + (i + 1) + ")");
      }
      if (b == '"') {
        if (i - lastQuote > MAX_NAME) {
          found |= LONG_NAMES;
        }
        lastQuote = i;
      } else if (b == '\\') {
        found |= LONG_NAMES;
        if (i + 3 < body.length
            && body[i + 1] == 'u'
            && (body[i + 2] == 'd' || body[i + 2] == 'D')
            && "89abcdefABCDEF".indexOf(body[i + 3]) >= 0) {
          found |= SURROGATE_ESCAPES;
        }
      }
    }
    return found;
  }

  /**
   * Refuses a string or field name holding half of a surrogate pair, which is no character ({@code
   * surrogates}), and a field name of more than {@link #MAX_NAME} characters ({@code names}).
   */
  private static void checkStrings(JsonNode node, boolean surrogates, boolean names) {
    if (node.isTextual()) {
      if (surrogates) {
        requireWholeCharacters(node.textValue());
      }
    } else if (node.isContainerNode()) {
      for (var members = node.properties().iterator(); members.hasNext(); ) {
        var member = members.next();
        String name = member.getKey();
        if (surrogates) {
          requireWholeCharacters(name);
        }
        if (names && name.length() > MAX_NAME && name.codePointCount(0, name.length()) > MAX_NAME) {
          throw Failure.invalid("the body is not accepted: " + constraint("name length"));
        }
        checkStrings(member.getValue(), surrogates, names);
      }
      if (node.isArray()) {
        node.forEach(element -> checkStrings(element, surrogates, names));
      }
    }
  }

  private static void requireWholeCharacters(String text) {
    int at = Utf16.loneSurrogateAt(text);
    if (at >= 0) {
      throw Failure.invalid(
          "the body is not valid JSON: a string holds \\u"
              + String.format("%04x", (int) text.charAt(at))
              + " without the other half of its surrogate pair, which is not a character");
    }
  }

  /**
   * Refuses a field the route does not know, so that a misspelt optional field (an {@code
   * "expires"} meant as {@code "expires_at"}) is an error rather than silently left out.
   *
   * @param object a JSON object, as {@link #object} returns
   * @param fields the fields the route reads, in the order a message lists them
   * @throws Failure INVALID_ARGUMENT naming the first unknown field and the known ones
   */
  static void onlyFields(JsonNode object, String... fields) {
    java.util.List<String> known = java.util.List.of(fields);
    for (var names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw Failure.invalid(
            "unknown field \""
                + quote(name)
                + "\" in the body; its fields are "
                + String.join(", ", known));
      }
    }
  }

  private static String constraint(String message) {
    String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
    if (m.contains("nesting depth")) {
      return "objects and arrays may be nested at most " + MAX_DEPTH + " deep";
    }
    if (m.contains("name length")) {
      return "a field name may be at most " + MAX_NAME + " characters long";
    }
    if (m.contains("number value length")) {
      return "a number may be at most " + MAX_NUMBER + " characters long";
    }
    if (m.contains("spill-over") || m.contains("hash collision")) {
      return "too many of its field names share one hash in the parser's table of names;"
          + " no request of the operator API needs more than a few distinct names";
    }
    if (m.contains("token count")) {
      return "a body may hold at most " + MAX_TOKENS + " JSON tokens (values, names and brackets)";
    }
    if (m.contains("string value length")) {
      return "a string may be at most " + MAX_STRING + " characters long";
    }
    return "it is larger than the limits of the operator API";
  }

  private static String explain(JsonProcessingException e) {
    String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (m.startsWith("Duplicate field") || m.startsWith("Duplicate Object property")) {
      Matcher quoted = QUOTED.matcher(m);
      String name =
          quoted.find() ? (quoted.group(1) != null ? quoted.group(1) : quoted.group(2)) : "";
      return "the field \"" + quote(name) + "\" appears more than once in one object";
    }
    if (m.startsWith("Trailing token")) {
      return "there is more after the JSON value; the body must hold exactly one JSON object";
    }
    if (m.contains("end-of-input") || m.contains("Unexpected end")) {
      return "it ends before the JSON value is complete";
    }
    if (m.contains("Invalid UTF-8") || m.contains("Invalid UTF8")) {
      return "it is not UTF-8";
    }
    if (m.contains("Leading zeroes") || m.contains("Non-standard token") || m.contains("NaN")) {
      return "a number is not written as JSON numbers are (digits 0-9, no leading zeros)";
    }
    if (m.contains("control character") || m.contains("CTRL-CHAR")) {
      return "a string holds an unescaped control character";
    }
    if (m.contains("surrogate")) {
      // Jackson's parser for UTF-8 checks pairs in field names itself; values are checked by
      // checkStrings, with the same words.
      return "a field name holds half of a surrogate pair (\\ud800 to \\udfff without its other"
          + " half), which is not a character";
    }
    if (m.contains("Unrecognized character escape")) {
      return "a string holds a backslash escape JSON does not have (only \\\" \\\\ \\/ \\b \\f \\n"
          + " \\r \\t and \\uXXXX are)";
    }
    if (m.contains("Unrecognized token") || m.contains("Unexpected character")) {
      return "it holds something that is not JSON";
    }
    return "it is malformed";
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  /** Caller input quoted in a message ({@link CallerText#quote}). */
  static String quote(String text) {
    return CallerText.quote(text);
  }
}
