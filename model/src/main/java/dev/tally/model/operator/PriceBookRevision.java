package dev.tally.model.operator;

/**
 * The answer to {@code PUT /operator/v1/price-book}: {@code {"revision": 7}}, the revision now in
 * force. Loading the book already in force answers its revision again rather than adding one.
 *
 * @param revision the price book's revision number, from 1
 */
public record PriceBookRevision(int revision) {}
