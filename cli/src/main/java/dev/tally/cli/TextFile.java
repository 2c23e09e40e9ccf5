package dev.tally.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A file an operator names on the command line, read as UTF-8 text. */
final class TextFile {

  private TextFile() {}

  /**
   * The file's text, decoded strictly (a malformed byte is refused, not replaced).
   *
   * @throws CliException INVALID_INPUT, in one line, when the file is missing or not UTF-8
   * @throws IOException when it cannot be read otherwise (permissions, a directory)
   */
  static String readUtf8(Path file) throws IOException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (NoSuchFileException e) {
      throw CliException.invalid("no such file: " + file);
    } catch (CharacterCodingException e) {
      throw CliException.invalid(file + " is not UTF-8 text");
    }
  }
}
