package dev.tally.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * PostgreSQL's own rate at storing the rows that ingestion stores, measured in the same run: the
 * same event ids, organizations, months and fingerprints, written with {@code COPY ... FROM STDIN}
 * (pgjdbc's {@link CopyManager}) into a scratch table with the columns, primary key and index of
 * {@code usage_events}. No HTTP, no JSON, no checks, no daily sums, no month locks: the storage
 * limit that issue 11 measures ingestion against (at least half of it).
 *
 * <p>Two ways, both timed: batched as Tally's senders send (the same batches of rows, from the same
 * number of connections, one {@code COPY} and one commit per batch), and one stream (every row in
 * one {@code COPY}, one commit). The faster of the two is the reference.
 */
final class CopyReference {

  /** The scratch table: created before each pass, dropped after it. */
  static final String TABLE = "bench_copy_events";

  /**
   * {@code usage_events} as migration V10 leaves it (server/src/main/resources/db/migration): the
   * same columns and primary key, so that COPY maintains what Tally's insert maintains.
   */
  private static final List<String> CREATE =
      List.of(
          "CREATE TABLE "
              + TABLE
              + " (organization_id VARCHAR(64) NOT NULL, event_id VARCHAR(128) NOT NULL,"
              + " period_start DATE NOT NULL, fingerprint VARCHAR(64),"
              + " PRIMARY KEY (organization_id, event_id))");

  private static final String COPY =
      "COPY "
          + TABLE
          + " (organization_id, event_id, period_start, fingerprint) FROM STDIN (FORMAT text)";

  /** Both passes' timings. */
  record Result(IngestBenchmark.Phase batched, IngestBenchmark.Phase oneStream) {
    /** The faster pass: the reference. */
    IngestBenchmark.Phase best() {
      return batched.eventsPerSecond() >= oneStream.eventsPerSecond() ? batched : oneStream;
    }
  }

  private CopyReference() {}

  /**
   * Runs both passes: each on a new scratch table, which first takes the warm-up rows (not timed),
   * as Tally's table holds the warm-up events when the new events are timed.
   *
   * @param warmup, measured batches of COPY text rows (tab-separated, one row a line)
   */
  static Result run(
      DataSource postgres, List<byte[]> warmup, List<byte[]> measured, int senders, Report out)
      throws Exception {
    IngestBenchmark.Phase batched = timed(postgres, warmup, measured, senders, false, out);
    out.phase(batched);
    IngestBenchmark.Phase stream = timed(postgres, warmup, measured, 1, true, out);
    out.phase(stream);
    return new Result(batched, stream);
  }

  private static IngestBenchmark.Phase timed(
      DataSource postgres,
      List<byte[]> warmup,
      List<byte[]> measured,
      int senders,
      boolean oneStream,
      Report out)
      throws Exception {
    execute(postgres, CREATE);
    try {
      copy(postgres, warmup, 1, true);
      long rows = measured.stream().mapToLong(CopyReference::lines).sum();
      CpuMeter.Reading cpuFrom = out.cpu();
      Instant started = Instant.now();
      long start = System.nanoTime();
      long[] latencies = copy(postgres, measured, senders, oneStream);
      double seconds = IngestBenchmark.secondsSince(start);
      CpuMeter.Reading cpuTo = out.cpu();
      return new IngestBenchmark.Phase(
          oneStream
              ? "COPY, one stream of every row, one commit"
              : "COPY, " + senders + " connections, one COPY and commit per batch",
          started,
          rows,
          oneStream ? 1 : measured.size(),
          rows,
          0,
          0,
          seconds,
          Latencies.of(latencies),
          cpuFrom,
          cpuTo);
    } finally {
      execute(postgres, List.of("DROP TABLE " + TABLE));
    }
  }

  /**
   * Copies the batches from {@code senders} connections (each taking the next batch, a COPY and a
   * commit per batch), or all of them in one COPY; returns each COPY's duration in nanoseconds.
   */
  private static long[] copy(
      DataSource postgres, List<byte[]> batches, int senders, boolean oneStream) throws Exception {
    if (oneStream) {
      long sent = System.nanoTime();
      try (Connection c = postgres.getConnection()) {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        copy.copyIn(COPY, new ConcatenatedInput(batches));
        c.commit();
      }
      return new long[] {System.nanoTime() - sent};
    }
    long[] latencies = new long[batches.size()];
    AtomicInteger next = new AtomicInteger();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Void>> done = new ArrayList<>();
      for (int t = 0; t < senders; t++) {
        done.add(
            pool.submit(
                () -> {
                  try (Connection c = postgres.getConnection()) {
                    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                    for (int i; (i = next.getAndIncrement()) < batches.size(); ) {
                      long sent = System.nanoTime();
                      copy.copyIn(COPY, new ByteArrayInputStream(batches.get(i)));
                      c.commit();
                      latencies[i] = System.nanoTime() - sent;
                    }
                  }
                  return null;
                }));
      }
      for (Future<Void> f : done) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("COPY failed: " + e.getCause().getMessage(), e);
        }
      }
    }
    return latencies;
  }

  private static void execute(DataSource postgres, List<String> statements) throws SQLException {
    try (Connection c = postgres.getConnection();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
      c.commit();
    }
  }

  private static long lines(byte[] rows) {
    long n = 0;
    for (byte b : rows) {
      if (b == '\n') {
        n++;
      }
    }
    return n;
  }

  /** The batches read one after another, as one stream, without copying them together first. */
  private static final class ConcatenatedInput extends java.io.InputStream {
    private final List<byte[]> parts;
    private int part;
    private int offset;

    ConcatenatedInput(List<byte[]> parts) {
      this.parts = parts;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int from, int length) {
      while (part < parts.size() && offset == parts.get(part).length) {
        part++;
        offset = 0;
      }
      if (part == parts.size()) {
        return -1;
      }
      byte[] current = parts.get(part);
      int n = Math.min(length, current.length - offset);
      System.arraycopy(current, offset, into, from, n);
      offset += n;
      return n;
    }

    @Override
    public void close() throws IOException {}
  }
}
