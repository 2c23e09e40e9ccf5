// Tally console: formatting of money, quantities and dates. Amounts arrive as exact decimal text
// (see TallyFormat.parseJson) and are formatted without passing through binary floating point.
'use strict';

const TallyFormat = (() => {
  const LOCALE = 'en-US';
  const CREDITS = 'CRDB_CLOUD_CREDITS';
  const UNITS = {
    HOURS: 'hours',
    REQUEST_UNITS: 'request units',
    GIB: 'GiB',
    GIB_HOURS: 'GiB-hours',
    VCPU_HOURS: 'vCPU-hours',
  };
  const twoPlaces = new Intl.NumberFormat(LOCALE, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  const exactNumber = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 20 });
  const monthLong = new Intl.DateTimeFormat(LOCALE, {
    year: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  });
  const monthShort = new Intl.DateTimeFormat(LOCALE, {
    year: '2-digit',
    month: 'short',
    timeZone: 'UTC',
  });
  const day = new Intl.DateTimeFormat(LOCALE, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });

  /**
   * JSON.parse, keeping every number as its exact decimal text (a string), so that money such as
   * 1190.07 or a unit price such as 0.0000002 is shown exactly as the server wrote it.
   */
  function parseJson(text) {
    return JSON.parse(text, (key, value, context) =>
      typeof value === 'number' && context && typeof context.source === 'string'
        ? context.source
        : value,
    );
  }

  function currencyFormat(currency, places) {
    return new Intl.NumberFormat(LOCALE, {
      style: 'currency',
      currency,
      minimumFractionDigits: places.min,
      maximumFractionDigits: places.max,
    });
  }

  /** An amount with its currency: "$1,190.07", or "1,190.07 credits" for CRDB_CLOUD_CREDITS. */
  function money(amount, currency) {
    if (currency === CREDITS) {
      return twoPlaces.format(amount) + ' credits';
    }
    try {
      return currencyFormat(currency, { min: 2, max: 2 }).format(amount);
    } catch (e) {
      return twoPlaces.format(amount) + ' ' + currency;
    }
  }

  /** A unit price, with as many decimals as it has (at least two): "$0.0000002". */
  function unitPrice(amount, currency) {
    try {
      return currencyFormat(currency || 'USD', { min: 2, max: 20 }).format(amount);
    } catch (e) {
      return exactNumber.format(amount) + ' ' + currency;
    }
  }

  /** A quantity with its unit: "1,200,000 request units". */
  function quantity(amount, unit) {
    return exactNumber.format(amount) + ' ' + (UNITS[unit] || String(unit).toLowerCase());
  }

  /** A whole number: "12". */
  function count(n) {
    return exactNumber.format(n);
  }

  /** "November 2026" for an instant in that UTC month. */
  function month(instant) {
    return monthLong.format(new Date(instant));
  }

  /** "Nov 26". */
  function shortMonth(instant) {
    return monthShort.format(new Date(instant));
  }

  /** "Nov 15, 2026" (UTC). */
  function date(instant) {
    return day.format(new Date(instant));
  }

  /** The last day of a period whose end is exclusive: period_end minus one millisecond. */
  function lastDay(exclusiveEnd) {
    return date(new Date(new Date(exclusiveEnd).getTime() - 1));
  }

  /** Whole cents of a decimal text with at most two places, as a number (exact below 2^53). */
  function cents(amount) {
    const text = String(amount).trim();
    const negative = text.startsWith('-');
    const [whole, fraction = ''] = text.replace(/^[-+]/, '').split('.');
    const value = Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
    return negative ? -value : value;
  }

  /** Cents back to decimal text: 119007 -> "1190.07". */
  function fromCents(value) {
    const sign = value < 0 ? '-' : '';
    const abs = Math.abs(Math.round(value));
    return sign + Math.floor(abs / 100) + '.' + String(abs % 100).padStart(2, '0');
  }

  return {
    CREDITS,
    parseJson,
    money,
    unitPrice,
    quantity,
    count,
    month,
    shortMonth,
    date,
    lastDay,
    cents,
    fromCents,
  };
})();
