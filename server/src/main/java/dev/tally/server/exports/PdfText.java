package dev.tally.server.exports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.pdfbox.pdmodel.font.PDFont;

/**
 * Text as one of PDFBox's standard 14 fonts can draw it. Those fonts cover Latin-1 and a few more
 * (WinAnsiEncoding); any other character (CJK, Cyrillic, emoji, ...) is drawn as {@code ?},
 * visibly, rather than failing the whole document, and control characters (tabs, line breaks) as a
 * space.
 */
final class PdfText {

  static final String REPLACEMENT = "?";

  private final PDFont font;
  private final Map<Integer, Boolean> drawable = new HashMap<>();

  PdfText(PDFont font) {
    this.font = font;
  }

  PDFont font() {
    return font;
  }

  /** {@code text} with every character the font cannot draw replaced. */
  String drawable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                out.append(' ');
              } else if (drawable.computeIfAbsent(c, this::canDraw)) {
                out.appendCodePoint(c);
              } else {
                out.append(REPLACEMENT);
              }
            });
    return out.toString();
  }

  /** The width of {@code text} (already {@link #drawable}) at {@code size} points. */
  float width(String text, float size) {
    try {
      return font.getStringWidth(text) / 1000f * size;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean canDraw(int codePoint) {
    try {
      font.encode(new String(Character.toChars(codePoint)));
      return true;
    } catch (IllegalArgumentException | IOException e) {
      return false;
    }
  }
}
