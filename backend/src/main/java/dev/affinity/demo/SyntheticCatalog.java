package dev.affinity.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A tenant's worth of believable shop data, generated from a fixed seed. Users and items get latent
 * factor vectors, and each user's events are drawn with probability proportional to
 * {@code exp(u·v)} mixed with a Zipf popularity curve, so the data has the structure real
 * recommenders exploit: a model that learns it beats "most popular", and the demo tenant and the
 * benchmarks show meaningful recommendations without shipping any third-party data set.
 *
 * <p>Items lean towards one factor, which names their category; users lean towards one or two
 * factors. Events follow a shopping funnel (view, then sometimes click, cart, purchase) at
 * timestamps spread over the fourteen days before {@link Options#now}, the last day included.
 * Everything is a pure function of {@link Options}.
 */
public final class SyntheticCatalog {
  /** Category names, one per latent factor (cycled with a number when there are more factors). */
  private static final String[] CATEGORIES = {"books", "music", "outdoor", "kitchen", "games", "fashion",
      "garden", "electronics", "toys", "sports", "beauty", "office"};
  private static final String[] ADJECTIVES = {"Classic", "Compact", "Deluxe", "Everyday", "Handmade", "Vintage",
      "Modern", "Essential", "Premium", "Rugged", "Cosy", "Bright", "Quiet", "Swift", "Bold", "Gentle"};
  private static final String[] NOUNS = {"Set", "Kit", "Edition", "Collection", "Bundle", "Pack", "Box", "Series"};
  private static final Duration WINDOW = Duration.ofDays(14);

  private final Options options;
  private final double[][] userFactors;
  private final double[][] itemFactors;
  private final double[] popularity;
  private final List<Item> items;
  private final List<String> userIds;
  private final List<Event> events;

  /**
   * What to generate.
   *
   * @param seed        the only source of randomness
   * @param users       number of users
   * @param items       number of items
   * @param factors     latent dimensions (one category per factor)
   * @param minEvents   fewest events a user has
   * @param maxEvents   most events a user has
   * @param popularityMix share of item choices drawn from the Zipf popularity curve instead of taste
   * @param now         end of the 14-day event window
   */
  public record Options(long seed, int users, int items, int factors, int minEvents, int maxEvents,
                        double popularityMix, Instant now) {
    public Options {
      Objects.requireNonNull(now, "now");
      if (users < 1 || items < 2 || factors < 1 || minEvents < 1 || maxEvents < minEvents) {
        throw new IllegalArgumentException("need users >= 1, items >= 2, factors >= 1, 1 <= minEvents <= maxEvents");
      }
      if (popularityMix < 0 || popularityMix > 1) {
        throw new IllegalArgumentException("popularityMix must be in [0, 1]");
      }
    }

    /** The demo tenant's shape: 3000 users, 1500 items, 8 factors, 30-60 events each. */
    public static Options demo(Instant now) {
      return new Options(42L, 3000, 1500, 8, 30, 60, 0.3, now);
    }

    /** The same shape with another number of users (benchmarks scale the event count with it). */
    public Options withUsers(int newUsers) {
      return new Options(seed, newUsers, items, factors, minEvents, maxEvents, popularityMix, now);
    }
  }

  /** An item as the API takes it. */
  public record Item(String id, String category, String title, String text) {
  }

  /** One behaviour event as the API takes it. */
  public record Event(String userId, String itemId, String type, Instant timestamp) {
  }

  private SyntheticCatalog(Options options) {
    this.options = options;
    SplittableRandom random = new SplittableRandom(options.seed());
    int k = options.factors();
    this.itemFactors = new double[options.items()][];
    List<Item> itemList = new ArrayList<>(options.items());
    for (int i = 0; i < options.items(); i++) {
      int category = random.nextInt(k);
      itemFactors[i] = leaning(random, k, category, -1);
      itemList.add(item(random, i, category));
    }
    this.items = List.copyOf(itemList);
    this.popularity = zipf(random, options.items());
    this.userFactors = new double[options.users()][];
    List<String> ids = new ArrayList<>(options.users());
    for (int u = 0; u < options.users(); u++) {
      int first = random.nextInt(k);
      int second = k > 1 && random.nextBoolean() ? (first + 1 + random.nextInt(k - 1)) % k : -1;
      userFactors[u] = leaning(random, k, first, second);
      ids.add(userId(u));
    }
    this.userIds = List.copyOf(ids);
    this.events = List.copyOf(generateEvents(random));
  }

  /** Generates the data set described by {@code options}; the same options give the same data. */
  public static SyntheticCatalog generate(Options options) {
    return new SyntheticCatalog(options);
  }

  public Options options() {
    return options;
  }

  public List<Item> items() {
    return items;
  }

  public List<String> userIds() {
    return userIds;
  }

  /** All events, user by user, each user's in time order. */
  public List<Event> events() {
    return events;
  }

  static String userId(int u) {
    return "u" + u;
  }

  static String itemId(int i) {
    return "i" + i;
  }

  /** The taste score {@code u·v} the events were drawn from (tests check the structure is there). */
  double affinity(int user, int item) {
    double[] u = userFactors[user];
    double[] v = itemFactors[item];
    double s = 0;
    for (int f = 0; f < u.length; f++) {
      s += u[f] * v[f];
    }
    return s;
  }

  /** Noise plus a strong pull towards one (or two) factors, so categories and tastes are distinct. */
  private static double[] leaning(SplittableRandom random, int k, int main, int second) {
    double[] x = new double[k];
    for (int f = 0; f < k; f++) {
      x[f] = gaussian(random) * 0.45;
    }
    x[main] += 1.5;
    if (second >= 0) {
      x[second] += 0.9;
    }
    return x;
  }

  private static Item item(SplittableRandom random, int i, int category) {
    String cat = category < CATEGORIES.length ? CATEGORIES[category]
        : CATEGORIES[category % CATEGORIES.length] + "-" + (category / CATEGORIES.length);
    String adjective = ADJECTIVES[random.nextInt(ADJECTIVES.length)];
    String noun = NOUNS[random.nextInt(NOUNS.length)];
    String title = adjective + " " + capitalise(cat) + " " + noun + " #" + i;
    String text = title + ": a " + adjective.toLowerCase(java.util.Locale.ROOT) + " pick from our " + cat
        + " range, popular with people who like " + cat + ".";
    return new Item(itemId(i), cat, title, text);
  }

  private static String capitalise(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** Zipf (exponent 1) weights over a random ranking of the items, normalised to sum to 1. */
  private static double[] zipf(SplittableRandom random, int n) {
    int[] rank = new int[n];
    for (int i = 0; i < n; i++) {
      rank[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = rank[i];
      rank[i] = rank[j];
      rank[j] = t;
    }
    double[] w = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      w[i] = 1.0 / (rank[i] + 1);
      sum += w[i];
    }
    for (int i = 0; i < n; i++) {
      w[i] /= sum;
    }
    return w;
  }

  private List<Event> generateEvents(SplittableRandom random) {
    List<Event> out = new ArrayList<>(options.users() * (options.minEvents() + options.maxEvents()) / 2);
    double[] cumulative = new double[options.items()];
    long windowSeconds = WINDOW.toSeconds();
    for (int u = 0; u < options.users(); u++) {
      fillDistribution(u, cumulative);
      int target = options.minEvents() + random.nextInt(options.maxEvents() - options.minEvents() + 1);
      List<Event> mine = new ArrayList<>(target + 4);
      while (mine.size() < target) {
        int item = sample(cumulative, random.nextDouble());
        // Sessions start anywhere in the window but the last hour, which leaves room for the funnel's
        // later steps (at most about 35 minutes after the view), so nothing lands after `now`.
        Instant t = options.now().minusSeconds(3600 + random.nextLong(windowSeconds - 3600));
        funnel(random, userId(u), itemId(item), t, mine);
      }
      mine.sort(java.util.Comparator.comparing(Event::timestamp));
      out.addAll(mine);
    }
    return out;
  }

  /** A view, then click 30%, cart 35% of clicks, purchase 50% of carts: about 78/17/4/2 percent. */
  private static void funnel(SplittableRandom random, String user, String item, Instant t, List<Event> out) {
    out.add(new Event(user, item, "view", t));
    if (random.nextDouble() >= 0.30) {
      return;
    }
    t = t.plusSeconds(5 + random.nextInt(120));
    out.add(new Event(user, item, "click", t));
    if (random.nextDouble() >= 0.35) {
      return;
    }
    t = t.plusSeconds(30 + random.nextInt(600));
    out.add(new Event(user, item, "cart", t));
    if (random.nextDouble() >= 0.50) {
      return;
    }
    out.add(new Event(user, item, "purchase", t.plusSeconds(60 + random.nextInt(1200))));
  }

  /** Cumulative choice distribution of user u: taste softmax mixed with popularity. */
  private void fillDistribution(int u, double[] cumulative) {
    int n = options.items();
    double[] taste = new double[n];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      taste[i] = affinity(u, i);
      max = Math.max(max, taste[i]);
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      taste[i] = Math.exp(taste[i] - max);
      sum += taste[i];
    }
    double mix = options.popularityMix();
    double running = 0;
    for (int i = 0; i < n; i++) {
      running += (1 - mix) * taste[i] / sum + mix * popularity[i];
      cumulative[i] = running;
    }
    cumulative[n - 1] = Double.POSITIVE_INFINITY;
  }

  private static int sample(double[] cumulative, double r) {
    int i = Arrays.binarySearch(cumulative, r);
    return i >= 0 ? i : -i - 1;
  }

  /** Box-Muller: SplittableRandom has no nextGaussian that is stable across JDKs. */
  private static double gaussian(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
