package dev.tally.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.tally.server.testing.Backend;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyTextTest {

  private static final List<String> AWKWARD =
      List.of(
          "plain-id_1:~.",
          "back\\slash",
          "tab\there",
          "line\nfeed",
          "carriage\rreturn",
          "\\N",
          "é ü ✓ 😀",
          "",
          "ends with \\");

  @Test
  void fieldsAreSeparatedByTabsRowsEndInLineFeedsAndTheFormatsCharactersAreEscaped() {
    byte[] rows =
        new CopyText(16)
            .field("a")
            .field("b\\c")
            .endRow()
            .field("t\tn\nr\r")
            .field("ü")
            .endRow()
            .bytes();

    assertThat(new String(rows, StandardCharsets.UTF_8)).isEqualTo("a\tb\\\\c\nt\\tn\\nr\\r\tü\n");
  }

  @Test
  void postgresqlReadsBackEveryFieldAsItWasWritten() throws Exception {
    Backend postgres =
        Backend.all().filter(b -> b.name().equals("postgresql")).findFirst().orElse(null);
    assumeThat(postgres).as("PostgreSQL runs (bin/test starts one)").isNotNull();
    try (Database database = Database.open(postgres.freshDatabase())) {
      Transactor tx = new Transactor(database.dataSource(), 1);
      List<String> read =
          tx.write(
              db -> {
                try (PreparedStatement s =
                    db.prepare("CREATE TEMP TABLE copy_text_probe (n INT, v VARCHAR(64))")) {
                  s.execute();
                }
                CopyText rows = new CopyText(64);
                for (int i = 0; i < AWKWARD.size(); i++) {
                  rows.field(Integer.toString(i)).field(AWKWARD.get(i)).endRow();
                }
                long loaded = db.copyIn("COPY copy_text_probe (n, v) FROM STDIN", rows.bytes());
                assertThat(loaded).isEqualTo(AWKWARD.size());
                List<String> values = new ArrayList<>();
                try (PreparedStatement s = db.prepare("SELECT v FROM copy_text_probe ORDER BY n");
                    ResultSet r = s.executeQuery()) {
                  while (r.next()) {
                    values.add(r.getString(1));
                  }
                }
                return values;
              });

      // "\N" is COPY's null marker when unescaped; escaped, it is the two characters.
      assertThat(read).containsExactlyElementsOf(AWKWARD);
    }
  }
}
