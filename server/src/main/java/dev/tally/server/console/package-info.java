/**
 * The web console: the static pages served at {@code /console/} (HTML, CSS and JavaScript from the
 * classpath's {@code console/} folder, every asset local), with the security headers of a page that
 * handles an API key, and the server's clock for the month-end projection. The pages read data only
 * through the Billing API and Tally's {@code /tally/v1/} routes, with the key the person signed in
 * with; nothing here authenticates or reads a table.
 */
package dev.tally.server.console;
