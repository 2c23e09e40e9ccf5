package dev.tally.server.health;

import dev.tally.server.store.Database;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks that the database answers within a short timeout and that its schema has every migration
 * this build knows (Flyway's state). The check runs on a virtual thread of its own, so an
 * unreachable database costs the caller at most the timeout.
 */
public final class Readiness {

  /** How long {@code /readyz} waits for the database by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

  /** The outcome: ready, or not with a reason fit for an operator (no SQL, no secrets). */
  public record Result(boolean ready, String reason) {
    static Result ok() {
      return new Result(true, "ready");
    }

    static Result notReady(String reason) {
      return new Result(false, reason);
    }
  }

  private final Database database;
  private final Duration timeout;

  public Readiness(Database database, Duration timeout) {
    this.database = database;
    this.timeout = timeout;
  }

  public Result check() {
    FutureTask<Result> task = new FutureTask<>(this::checkNow);
    Thread.ofVirtual().name("tally-readiness").start(task);
    return await(task);
  }

  private Result await(Future<Result> task) {
    try {
      return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      return Result.notReady("the database did not answer within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      return Result.notReady("the database is unreachable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.notReady("interrupted");
    }
  }

  private Result checkNow() throws Exception {
    Database.SchemaState schema = database.schemaState(timeout);
    if (schema.pending() > 0) {
      return Result.notReady("the database schema lacks " + schema.pending() + " migration(s)");
    }
    return schema.failed().isEmpty()
        ? Result.ok()
        : Result.notReady(
            "the schema history records a failed migration ("
                + String.join(", ", schema.failed())
                + "); repair it before serving");
  }
}
