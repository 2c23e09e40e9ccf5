/**
 * Who may call what. Owns {@code service_accounts} and {@code role_grants} ({@link
 * dev.tally.server.auth.ServiceAccounts}), {@code api_keys} ({@link dev.tally.server.auth.ApiKeys})
 * and {@code operator_keys} ({@link dev.tally.server.auth.OperatorKeys}); keys are stored only as
 * SHA-256 hashes. {@link dev.tally.server.auth.Authenticator} turns a bearer token into a {@link
 * dev.tally.server.auth.Caller}, and {@link dev.tally.server.auth.AccessPolicy} is the one table of
 * which callers each permission needs.
 */
package dev.tally.server.auth;
