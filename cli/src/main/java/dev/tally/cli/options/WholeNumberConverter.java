package dev.tally.cli.options;

import dev.tally.model.CallerText;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Every whole-number option and setting: ASCII digits 0-9 with an optional minus sign, nothing
 * else. Java's own reading also takes other scripts' digits ({@code ٣}) and a plus sign, which the
 * rest of Tally's input refuses; a setting must not mean something an operator cannot read back.
 */
public final class WholeNumberConverter implements ITypeConverter<Integer> {

  private static final Pattern WHOLE = Pattern.compile("-?[0-9]+");

  @Override
  public Integer convert(String text) {
    if (!WHOLE.matcher(text).matches()) {
      throw new TypeConversionException("'" + CallerText.quote(text) + "' is not a whole number");
    }
    try {
      return Integer.valueOf(text);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + CallerText.quote(text) + "' is too large");
    }
  }
}
