package dev.tally.cli.usage;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads text line by line, like {@code BufferedReader.readLine}, but never holds more than a limit
 * of one line: the rest of an over-long line is skipped and the line is marked, so a file with no
 * line breaks (or a binary file passed by mistake) cannot exhaust memory. Lines end at {@code \n}
 * or {@code \r\n}.
 */
final class BoundedLineReader implements Closeable {

  /** One line without its line break; {@code tooLong} when it was cut at the limit. */
  record Line(String text, boolean tooLong) {}

  private final Reader in;
  private final int maxChars;
  private final char[] buffer = new char[16 * 1024];
  private final StringBuilder line = new StringBuilder();
  private int position;
  private int end;

  BoundedLineReader(Reader in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  /** The next line, or null at the end of the input. */
  Line next() throws IOException {
    line.setLength(0);
    boolean tooLong = false;
    boolean readAny = false;
    while (true) {
      if (position == end) {
        int read = in.read(buffer);
        if (read <= 0) {
          end = position = 0;
          return readAny ? finish(tooLong) : null;
        }
        position = 0;
        end = read;
      }
      readAny = true;
      int start = position;
      while (position < end && buffer[position] != '\n') {
        position++;
      }
      int room =
          maxChars + 1 - line.length(); // one more than the limit, for a '\r' before the '\n'
      int count = position - start;
      if (count > room) {
        tooLong = true;
        count = Math.max(0, room);
      }
      line.append(buffer, start, count);
      if (position < end) {
        position++; // the '\n'
        return finish(tooLong);
      }
    }
  }

  private Line finish(boolean tooLong) {
    if (line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
      line.setLength(line.length() - 1);
    }
    if (line.length() > maxChars) {
      line.setLength(maxChars);
      tooLong = true;
    }
    return new Line(line.toString(), tooLong);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
