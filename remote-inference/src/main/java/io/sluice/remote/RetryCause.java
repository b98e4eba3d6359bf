package io.sluice.remote;

/** Why a request to an endpoint was retried. */
public enum RetryCause {
  /** HTTP 429: the server asked to slow down (its Retry-After is honoured). */
  RATE_LIMITED,
  /** HTTP 5xx. */
  SERVER_ERROR,
  /** No response within the request timeout. */
  TIMEOUT,
  /** Connection refused or reset, or another I/O failure before a response. */
  CONNECTION
}
