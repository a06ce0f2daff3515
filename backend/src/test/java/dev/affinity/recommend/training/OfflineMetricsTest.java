package dev.affinity.recommend.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.recommend.ModelKind;
import dev.affinity.recommend.model.PlantedData;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineMetricsTest {
  @Test
  void recallAndNdcgFollowTheProtocolOnAHandComputedCase() {
    // popularity: p1 (3 users) > p2 (2) > p3 (1 + the held-out one); user t has p1 in training and p3 held out
    TrainingData data = new TrainingData.Collector()
        .add("u1", "p1", 1, 0).add("u2", "p1", 1, 0).add("t", "p1", 1, 0)
        .add("u1", "p2", 1, 0).add("u2", "p2", 1, 0)
        .add("u1", "p3", 1, 0)
        .add("t", "p3", 0, 2)
        .build();
    assertEquals(1, data.test().size());
    var model = TrainingService.fit(TrainingService.Request.of(ModelKind.POPULARITY, java.util.Map.of()), data.train(), null);
    OfflineMetrics m = OfflineMetrics.evaluate(model, data.train(), data.test(), 10);
    assertEquals(1, m.users());
    assertEquals(1.0, m.recall(), 1e-9, "p3 is in t's top 10 (after p2; p1 is masked)");
    assertEquals(1 / (Math.log(3) / Math.log(2)), m.ndcg(), 1e-9, "hit at rank 2 of 1 relevant item");
    OfflineMetrics top1 = OfflineMetrics.evaluate(model, data.train(), data.test(), 1);
    assertEquals(0, top1.recall(), "at K=1 only p2 is ranked");
  }

  @Test
  void itemKnnBeatsPopularityOnThePlantedGroups() {
    // hold out each user's last two events, as the SQL split would for users with ≥ 5 events
    TrainingData.Collector c = new TrainingData.Collector();
    List<PlantedData.Event> events = PlantedData.events(40, 30, 12, 11);
    for (PlantedData.Event e : events) {
      double w = dev.affinity.recommend.EventWeights.weight(e.type(), e.value());
      boolean holdout = e.day() >= 10;
      c.add(e.user(), e.item(), holdout ? 0 : w, holdout ? w : 0);
    }
    TrainingData data = c.build();
    var knn = OfflineMetrics.evaluate(TrainingService.fit(TrainingService.Request.of(ModelKind.ITEM_KNN, java.util.Map.of()), data.train(), null),
        data.train(), data.test(), 10);
    var pop = OfflineMetrics.evaluate(TrainingService.fit(TrainingService.Request.of(ModelKind.POPULARITY, java.util.Map.of()), data.train(), null),
        data.train(), data.test(), 10);
    assertTrue(knn.users() > 40, "most users have a held-out item they had not seen");
    assertTrue(knn.recall() > pop.recall(), "kNN " + knn + " vs popularity " + pop);
    assertTrue(knn.ndcg() > 0 && knn.ndcg() <= 1);
  }
}
