package dev.affinity.simulate;

import dev.affinity.demo.ApiClient;
import java.util.function.Supplier;

/**
 * Retries a request the node asked us to slow down for (429, 503) with a short backoff, so the simulator
 * can be pointed at a rate-limited tenant; any other non-2xx answer is an error the user must see.
 */
final class Retry {
  private static final int ATTEMPTS = 20;

  private Retry() {
  }

  static ApiClient.Response call(String what, Supplier<ApiClient.Response> request) {
    for (int attempt = 1; ; attempt++) {
      ApiClient.Response r = request.get();
      if ((r.status() != 429 && r.status() != 503) || attempt >= ATTEMPTS) {
        return r.expectOk(what);
      }
      try {
        Thread.sleep(Math.min(2000L, 50L << Math.min(attempt, 6)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(what + " interrupted", e);
      }
    }
  }
}
