package dev.tally.server.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema migration 8: copies every rating record kept in {@code rating_records} (V4) into its
 * invoice's row (the columns V7 added), the record's text as its UTF-8 bytes, unchanged. In Java
 * because that conversion has no spelling common to H2, PostgreSQL and CockroachDB (PostgreSQL's
 * cast from text to {@code bytea} would read backslashes as escapes). Like the SQL migrations, and
 * unlike the rest of the code, it names tables that have owners: it runs before any owner can.
 */
final class RatingRecordsIntoInvoices extends NumberedJavaMigration {

  /** Records copied per batch of updates; the records are read through a cursor as well. */
  private static final int BATCH = 500;

  RatingRecordsIntoInvoices() {
    super(8, "rating records into invoices");
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    try (Statement read = c.createStatement();
        PreparedStatement write =
            c.prepareStatement(
                "UPDATE invoices SET price_book_revision = ?, rating_record = ?, digest = ?"
                    + " WHERE id = ?")) {
      // A cursor, not the whole table in memory, where the driver can (PostgreSQL, in a
      // transaction).
      read.setFetchSize(BATCH);
      try (ResultSet rows =
          read.executeQuery(
              "SELECT invoice_id, price_book_revision, body, digest FROM rating_records")) {
        int pending = 0;
        while (rows.next()) {
          write.setInt(1, rows.getInt("price_book_revision"));
          write.setBytes(2, rows.getString("body").getBytes(StandardCharsets.UTF_8));
          write.setString(3, rows.getString("digest"));
          write.setString(4, rows.getString("invoice_id"));
          write.addBatch();
          if (++pending == BATCH) {
            write.executeBatch();
            pending = 0;
          }
        }
        if (pending > 0) {
          write.executeBatch();
        }
      }
    }
  }
}
