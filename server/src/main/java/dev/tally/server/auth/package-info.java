/**
 * Who may call what. Service accounts belong to one organization and hold role grants on resources;
 * their API keys authenticate requests and are stored only as SHA-256 hashes.
 * {@link dev.tally.server.auth.AccessPolicy} is the one table that says which roles, at which scope,
 * each permission needs.
 */
package dev.tally.server.auth;
