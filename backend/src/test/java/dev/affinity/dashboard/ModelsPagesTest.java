package dev.affinity.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The models page over HTTP: train from a form, the job's JSON for the progress bar, default model, errors. */
class ModelsPagesTest {
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static void plant(TestTenant t) {
    JsonArray events = new JsonArray();
    for (int u = 0; u < 40; u++) {
      for (int k = 0; k < 4; k++) {
        events.add(new JsonObject().put("userId", "u" + u).put("itemId", "i" + ((u + 3 * k) % 12)).put("type", "view"));
      }
    }
    Http.Response r = node.http().post("/v1/events", t.apiKey(), events.encode());
    assertEquals(200, r.status(), r.toString());
  }

  private static FormClient loggedIn(TestTenant t) {
    FormClient browser = new FormClient(node.http());
    assertEquals(303, browser.login(t.adminEmail(), t.adminPassword()).status());
    return browser;
  }

  @Test
  void trainsFromTheFormAndShowsTheVersionWithItsParameters() throws Exception {
    TestTenant t = node.createTenant("dash-models");
    plant(t);
    FormClient browser = loggedIn(t);
    Http.Response page = browser.get("/dashboard/models");
    assertEquals(200, page.status());
    assertTrue(page.body().contains("id=\"versions-empty\""), "no version yet");
    assertTrue(page.body().contains("<option value=\"ease\""), "every servable model is offered");
    String csrf = FormClient.csrfField(page);

    Http.Response started = browser.post("/dashboard/models/train", "model", "ease", "params", "lambda=200\n",
        "_csrf", csrf);
    assertEquals(303, started.status(), started.body());
    Http.Response withJob = browser.get("/dashboard/models");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("data-job-id=\"(job_[0-9a-f]+)\"").matcher(withJob.body());
    assertTrue(m.find(), withJob.body());
    String jobId = m.group(1);
    JsonObject job = null;
    for (int i = 0; i < 600; i++) {
      Http.Response j = browser.get("/dashboard/models/jobs/" + jobId);
      assertEquals(200, j.status());
      assertTrue(j.header("Content-Type").startsWith("application/json"));
      job = j.json();
      if (!job.getString("state").equals("queued") && !job.getString("state").equals("running")) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals("succeeded", job.getString("state"), job.encode());
    Http.Response after = browser.get("/dashboard/models");
    assertTrue(after.body().contains("lambda=200"), "the version shows its parameters");
    assertTrue(after.body().contains(">active<"), after.body());
    assertFalse(after.body().contains("id=\"versions-empty\""));
  }

  @Test
  void badParametersReRenderWithTheReasonAndOtherTenantsJobsAre404() {
    TestTenant t = node.createTenant("dash-models-bad");
    FormClient browser = loggedIn(t);
    String csrf = FormClient.csrfField(browser.get("/dashboard/models"));
    Http.Response bad = browser.post("/dashboard/models/train", "model", "ease", "params", "lamda=5", "_csrf", csrf);
    assertEquals(400, bad.status());
    assertTrue(bad.body().contains("lamda"), "names the unknown parameter");
    assertTrue(bad.body().contains("lamda=5"), "keeps what the admin typed");
    assertEquals(403, browser.post("/dashboard/models/train", "model", "ease").status(), "CSRF on every form");

    Http.Response setDefault = browser.post("/dashboard/models/default", "model", "ials", "_csrf", csrf);
    assertEquals(303, setDefault.status());
    assertEquals("ials", node.http().get("/v1/models", t.apiKey()).json().getString("defaultModel"));

    TestTenant other = node.createTenant("dash-models-other");
    Http.Response otherJob = node.http().post("/v1/models/train", other.apiKey(), "{}");
    String otherId = otherJob.json().getString("jobId");
    assertEquals(404, browser.get("/dashboard/models/jobs/" + otherId).status(), "another tenant's job is not visible");
  }
}
