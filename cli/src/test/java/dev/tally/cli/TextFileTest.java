package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file named on the command line is read whole, or refused in one line naming it. */
class TextFileTest {

  @TempDir Path dir;

  @Test
  void utf8TextIsReadWithoutALeadingByteOrderMark() throws Exception {
    Path plain = Files.writeString(dir.resolve("plain.json"), "{\"name\":\"café\"}");
    Path marked = Files.write(dir.resolve("marked.json"), "\uFEFF{\"a\":1}".getBytes("UTF-8"));

    assertThat(TextFile.readUtf8(plain)).isEqualTo("{\"name\":\"café\"}");
    assertThat(TextFile.readUtf8(marked)).isEqualTo("{\"a\":1}");
  }

  @Test
  void whatCannotBeReadIsInvalidInputNamingTheFile() throws Exception {
    Path missing = dir.resolve("missing.json");
    Path directory = Files.createDirectory(dir.resolve("adir"));
    Path latin1 = Files.write(dir.resolve("latin1.json"), new byte[] {'{', (byte) 0xE9, '}'});
    Path huge = dir.resolve("huge.json");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(TextFile.MAX_BYTES + 1); // sparse: no 16 MiB written
    }

    assertRefused(missing, "no such file: " + missing);
    assertRefused(directory, directory + " is a directory, not a file");
    assertRefused(latin1, latin1 + " is not UTF-8 text");
    assertRefused(
        huge, huge + " holds 16777217 bytes; the limit is 16 MiB: split it into smaller files");
  }

  private static void assertRefused(Path file, String message) {
    assertThatThrownBy(() -> TextFile.readUtf8(file))
        .isInstanceOfSatisfying(
            CliException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo(message);
              assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
            });
  }
}
