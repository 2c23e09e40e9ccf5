package dev.tally.server.prices;

import dev.tally.engine.PriceBook;

/** A loaded price book and its revision number (1 for the first load, then one more per change). */
public record PriceBookRevision(int revision, PriceBook book) {}
