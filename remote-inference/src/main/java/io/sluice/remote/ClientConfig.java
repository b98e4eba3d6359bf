package io.sluice.remote;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What a {@link RemoteClient} needs to know about the endpoints and its limits.
 *
 * @param endpoints base URIs, one per server
 * @param path the operation's path under {@code /v1}, e.g. {@code /embeddings}
 * @param maxConcurrentRequests requests in flight per endpoint
 * @param requestsPerSecond global limit over all endpoints; 0 for none
 * @param maxRetries retries per request before the job is told the endpoints are unavailable
 * @param backoffBase first retry delay (doubled per retry, with jitter)
 * @param backoffMax cap of the retry delay
 * @param requestTimeout time to wait for a response before the attempt counts as a timeout
 * @param ejectFor how long a failing endpoint stays out of rotation
 * @param tokensPerMinute global limit on estimated (then actual) tokens over all endpoints; 0 for
 *     none
 * @param maxInFlightBytes bound on request and response bytes held for unfinished requests
 */
record ClientConfig(
    List<URI> endpoints,
    String path,
    int maxConcurrentRequests,
    double requestsPerSecond,
    int maxRetries,
    Duration backoffBase,
    Duration backoffMax,
    Duration requestTimeout,
    Duration ejectFor,
    double tokensPerMinute,
    long maxInFlightBytes) {

  ClientConfig {
    endpoints = List.copyOf(endpoints);
  }
}
