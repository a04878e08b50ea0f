/**
 * The longest delay, in ms, that `setTimeout` takes (2^31 - 1); a longer one fires at once. Every
 * timeout of the package (the client's `timeout`, `code2Session`'s, the mocks' `delay`) is in
 * ms and at most this.
 */
export const MAX_TIMEOUT = 2147483647

/** The highest timestamp (s) whose date has a 4-digit year in every time zone: 9999-12-31T00:00Z. */
export const MAX_TIMESTAMP = 253402214400
