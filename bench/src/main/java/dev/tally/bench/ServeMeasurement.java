package dev.tally.bench;

/**
 * One case at one number of connections, measured on each side (medians when run several times).
 *
 * @param tally Tally's figures; null when Tally could not be asked (a conditional GET without a tag
 *     to send)
 * @param nginx nginx serving the file (or, to a client accepting gzip, its precompressed twin)
 * @param nginxOnTheFly nginx compressing the file for every request; null unless the case accepts
 *     gzip
 * @param tallyCpuMillis CPU time of the Tally process per completed request, in milliseconds,
 *     counted until it was idle again after the run (NaN when not measured)
 */
record ServeMeasurement(
    ServeCase serveCase,
    int connections,
    WrkResult tally,
    WrkResult nginx,
    WrkResult nginxOnTheFly,
    double tallyCpuMillis) {

  /** Tally's requests per second over nginx's (static or precompressed); NaN when not measured. */
  double ratio() {
    return tally == null ? Double.NaN : tally.requestsPerSecond() / nginx.requestsPerSecond();
  }

  /** Tally's requests per second over nginx compressing on the fly; NaN when not measured. */
  double ratioToOnTheFly() {
    return tally == null || nginxOnTheFly == null
        ? Double.NaN
        : tally.requestsPerSecond() / nginxOnTheFly.requestsPerSecond();
  }
}
