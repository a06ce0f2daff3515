package dev.affinity.experiments;

import dev.affinity.config.BanditSettings;
import dev.affinity.experiments.bandit.BanditPolicy;
import dev.affinity.experiments.serving.RunningCache;
import dev.affinity.experiments.stats.ExperimentAnalysis;
import dev.affinity.experiments.stats.VariantCounts;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Thompson-sampling bandit: re-computes the traffic weights of running experiments with
 * {@code "allocation": "thompson"} from their counts on the primary metric ({@link BanditPolicy}: posterior
 * probability of being best, a floor per variant, a minimum of exposures, a minimum change), about once per
 * {@link BanditSettings#interval()}.
 *
 * <p><b>Cluster.</b> Every node runs this job on a timer (every interval, at most every minute); the database decides
 * who acts ({@link BanditStore}): an experiment is due once per interval, and new weights are applied only at the
 * version they were computed from, so a re-allocation is applied once however many nodes race. The winner records an
 * audit entry (actor {@value BanditStore#ACTOR}, action {@value BanditStore#ACTION}, with the weights from and to
 * and the counts behind them), bumps the version and evicts the running-experiment caches of the whole cluster
 * ({@link RunningCache#announce}), exactly like an admin's start, stop or edit. The sampling seed is the experiment's
 * salt and version, so racing nodes that read the same counts even compute the same weights.
 *
 * <p><b>Assignment.</b> Users stay deterministic and sticky between re-allocations: assignment hashes the user into
 * one of 10,000 buckets and the weights only place the boundaries between variants
 * ({@link dev.affinity.experiments.assignment.Assigner}). A re-allocation moves those boundaries, so the users whose
 * buckets lie between an old and a new boundary change variant at that moment (50/50 to 30/70 moves the 20% of users
 * in buckets [3000, 5000) from the first variant to the second), and they may move back at a later re-allocation.
 * Their exposures before and after count for the variant they saw each time; that is part of why the results of a
 * thompson experiment are descriptive ({@link ResultsJson}). The minimum change keeps rounding-level updates from
 * moving anyone.
 */
public final class BanditJob {
  private static final Logger LOG = LoggerFactory.getLogger(BanditJob.class);
  /** Experiments looked at per pass; the rest are due on the next pass (oldest look first). */
  static final int BATCH = 100;
  private static final long MAX_TICK_MS = 60_000;

  private final Vertx vertx;
  private final BanditSettings settings;
  private final BanditPolicy policy;
  private final BanditStore store;
  private final ExperimentStore experiments;
  private final ResultsQuery results;
  private final RunningCache running;
  private final AtomicBoolean busy = new AtomicBoolean();
  private long timer = -1;

  BanditJob(Vertx vertx, Pool pool, RunningCache running, BanditSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.policy = new BanditPolicy(settings);
    this.store = new BanditStore(pool);
    this.experiments = new ExperimentStore(pool);
    this.results = new ResultsQuery(pool);
    this.running = running;
  }

  /** Starts this node's timer. */
  void start() {
    long tick = Math.min(settings.interval().toMillis(), MAX_TICK_MS);
    timer = vertx.setPeriodic(tick, id -> {
      if (busy.compareAndSet(false, true)) {
        runOnce().onComplete(done -> busy.set(false));
      }
    });
    LOG.info("bandit re-allocates thompson experiments every {} (looking every {} ms), floor {}, after {} exposures"
        + " per variant", settings.interval(), tick, settings.floor(), settings.minExposures());
  }

  /** Stops this node's timer; a pass in flight finishes on its own. */
  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /**
   * One pass over the due experiments of all tenants, one experiment after another (so a pass costs one counts
   * query at a time). The timer calls it; tests call it directly. A failure on one experiment is logged and the
   * pass goes on.
   *
   * @return how many re-allocations this node applied
   */
  public Future<Integer> runOnce() {
    return store.due(settings.interval(), BATCH).compose(due -> {
      Future<Integer> applied = Future.succeededFuture(0);
      for (BanditStore.Due d : due) {
        applied = applied.compose(n -> look(d.tenant(), d.id())
            .map(done -> done ? n + 1 : n)
            .otherwise(err -> {
              LOG.warn("tenant {} bandit could not look at experiment {}: {}", d.tenant(), d.id(), err.toString());
              return n;
            }));
      }
      return applied;
    }).onFailure(err -> LOG.warn("bandit pass failed: {}", err.toString()));
  }

  /** Looks at one experiment: re-allocates, records an unchanged look, or waits for exposures. */
  private Future<Boolean> look(TenantId tenant, String id) {
    return experiments.get(tenant, id).compose(found -> {
      if (found.isEmpty() || found.get().status() != Status.RUNNING
          || found.get().allocation() != Allocation.THOMPSON) {
        return Future.succeededFuture(false);
      }
      Experiment e = found.get();
      return results.counts(tenant, e, ResultsQuery.DEFAULT_WINDOW)
          .compose(counts -> vertx.executeBlocking(() -> policy.decide(counts, weights(e), e.primaryMetric(),
              seed(e)), false)
              .compose(decision -> act(tenant, e, counts, decision)));
    });
  }

  private Future<Boolean> act(TenantId tenant, Experiment e, List<VariantCounts> counts,
      BanditPolicy.Decision decision) {
    switch (decision.outcome()) {
      case TOO_FEW_EXPOSURES -> {
        LOG.debug("tenant {} bandit leaves experiment {} as it is: {}", tenant, e.id(), decision.reason());
        return Future.succeededFuture(false);
      }
      case UNCHANGED -> {
        LOG.debug("tenant {} bandit keeps the weights of experiment {}: {}", tenant, e.id(), decision.reason());
        return store.checked(tenant, e, settings.interval()).map(false);
      }
      default -> {
        return store.apply(tenant, e, decision.weights(), evidence(counts, e.primaryMetric()), settings.interval())
            .map(applied -> {
              if (applied.isEmpty()) {
                LOG.debug("tenant {} bandit: experiment {} changed or was re-allocated elsewhere", tenant, e.id());
                return false;
              }
              LOG.info("tenant {} bandit re-allocated experiment {} to {} at version {} ({})", tenant, e.id(),
                  decision.weights(), applied.get().version(), decision.reason());
              running.announce(tenant);
              return true;
            });
      }
    }
  }

  /** The weights in force, in percent by variant name. */
  private static Map<String, Double> weights(Experiment e) {
    Map<String, Double> w = new LinkedHashMap<>();
    e.variants().forEach(v -> w.put(v.name(), v.weight()));
    return w;
  }

  /** Same experiment and version, same draws: nodes racing on the same counts compute the same weights. */
  static long seed(Experiment e) {
    return ((long) e.salt().hashCode() << 32) ^ e.version();
  }

  /** {@code {"A": {"exposures": n, "successes": x}, ...}} on the primary metric: what the weights rest on. */
  private static JsonObject evidence(List<VariantCounts> counts, String metric) {
    JsonObject out = new JsonObject();
    for (VariantCounts c : counts) {
      out.put(c.name(), new JsonObject().put("exposures", c.exposures())
          .put("successes", ExperimentAnalysis.CTR.equals(metric) ? c.clicks() : c.conversions()));
    }
    return out;
  }
}
