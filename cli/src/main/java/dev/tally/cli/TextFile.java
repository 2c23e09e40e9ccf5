package dev.tally.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A file an operator names on the command line, read as UTF-8 text. */
final class TextFile {

  /**
   * The largest file read: 16 MiB, the operator API's own body limit. A larger one would not fit,
   * decoded and parsed, in the launcher's 256 MiB heap.
   */
  static final long MAX_BYTES = 16L * 1024 * 1024;

  private TextFile() {}

  /**
   * The file's text, decoded strictly (a malformed byte is refused, not replaced), without the
   * byte-order mark some editors put first (RFC 8259 section 8.1 lets a reader ignore it).
   *
   * @throws CliException INVALID_INPUT, in one line naming the file, when it is missing, a
   *     directory, unreadable, larger than {@link #MAX_BYTES} or not UTF-8
   */
  static String readUtf8(Path file) {
    String text;
    try {
      if (Files.isDirectory(file)) {
        throw CliException.invalid(file + " is a directory, not a file");
      }
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw CliException.invalid(
            file + " holds " + size + " bytes; the limit is 16 MiB: split it into smaller files");
      }
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
    } catch (NoSuchFileException e) {
      throw CliException.invalid("no such file: " + file);
    } catch (AccessDeniedException e) {
      throw CliException.invalid("cannot read " + file + ": permission denied");
    } catch (CharacterCodingException e) {
      throw CliException.invalid(file + " is not UTF-8 text");
    } catch (IOException e) {
      throw CliException.invalid("cannot read " + file + ": " + e.getMessage());
    }
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }
}
