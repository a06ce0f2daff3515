package dev.affinity.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The serve benchmark's baseline: a Vert.x HTTP server that answers every request with a fixed small
 * JSON, deployed with as many instances as the node's API server. What the API achieves relative to it
 * is the cost of routing, validation, auth and recommending, on the same machine and load generator.
 */
final class TrivialServer extends VerticleBase {
  private static final Buffer BODY = Buffer.buffer("{\"items\":[{\"id\":\"i1\",\"score\":1.0}]}");
  private final int port;

  private TrivialServer(int port) {
    this.port = port;
  }

  /** Deploys one instance per core on {@code port}; completes with the deployment id. */
  static Future<String> deploy(Vertx vertx, int port) {
    return vertx.deployVerticle(() -> new TrivialServer(port),
        new DeploymentOptions().setInstances(Math.max(1, Runtime.getRuntime().availableProcessors())));
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1").setTcpNoDelay(true))
        .requestHandler(req -> req.response().putHeader("Content-Type", "application/json").end(BODY))
        .listen();
  }
}
