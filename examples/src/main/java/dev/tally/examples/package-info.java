/**
 * The programs the README shows, compiled by every build so the README cannot drift from the SDK.
 * The module's tests run them against a real Tally server, together with the SDK's end-to-end
 * suite.
 */
package dev.tally.examples;
