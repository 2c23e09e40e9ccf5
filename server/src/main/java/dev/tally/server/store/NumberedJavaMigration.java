package dev.tally.server.store;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A schema migration written in Java, named by its number and description as the SQL ones are by
 * their file names. Its checksum is its number: Flyway has no content to checksum for Java code,
 * and an applied migration never changes ({@link KnownMigrations} lists what each applied one
 * recorded). Each runs in its migration's transaction.
 */
abstract class NumberedJavaMigration implements JavaMigration {

  private final int version;
  private final String description;

  /**
   * @param version the migration's number, after the SQL migration numbered one less
   * @param description what Flyway records, never changed once released
   */
  NumberedJavaMigration(int version, String description) {
    this.version = version;
    this.description = description;
  }

  @Override
  public final MigrationVersion getVersion() {
    return MigrationVersion.fromVersion(Integer.toString(version));
  }

  @Override
  public final String getDescription() {
    return description;
  }

  @Override
  public final Integer getChecksum() {
    return version;
  }

  @Override
  public final boolean canExecuteInTransaction() {
    return true;
  }
}
