package dev.affinity.models.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma &amp; Ba 2015) with bias correction and PyTorch's coupled L2 weight decay
 * ({@code g += weightDecay·θ}), the optimiser both Mult-VAE and DiffRec were published with. Keeps
 * first and second moments per registered parameter array and applies one step to all of them.
 */
public final class Adam {

  private final float lr;
  private final float beta1;
  private final float beta2;
  private final float eps;
  private final float weightDecay;
  private final List<float[]> params = new ArrayList<>();
  private final List<float[]> grads = new ArrayList<>();
  private final List<float[]> m = new ArrayList<>();
  private final List<float[]> v = new ArrayList<>();
  private int t;

  public Adam(double lr, double weightDecay) {
    this(lr, 0.9, 0.999, 1e-8, weightDecay);
  }

  public Adam(double lr, double beta1, double beta2, double eps, double weightDecay) {
    if (!(lr > 0) || beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1 || !(eps > 0) || weightDecay < 0) {
      throw new IllegalArgumentException("adam: bad hyper-parameters lr=" + lr + " betas=" + beta1 + ","
          + beta2 + " eps=" + eps + " weightDecay=" + weightDecay);
    }
    this.lr = (float) lr;
    this.beta1 = (float) beta1;
    this.beta2 = (float) beta2;
    this.eps = (float) eps;
    this.weightDecay = (float) weightDecay;
  }

  /** Adds a parameter array and the array its gradient is accumulated in (same length). */
  public void add(float[] param, float[] grad) {
    if (param.length != grad.length) {
      throw new IllegalArgumentException("parameter and gradient differ in length");
    }
    params.add(param);
    grads.add(grad);
    m.add(new float[param.length]);
    v.add(new float[param.length]);
  }

  /** One update of every registered parameter from its accumulated gradient. */
  public void step() {
    t++;
    float c1 = (float) (1 - Math.pow(beta1, t));
    float c2 = (float) (1 - Math.pow(beta2, t));
    float stepSize = lr / c1;
    float sqrtC2 = (float) Math.sqrt(c2);
    for (int p = 0; p < params.size(); p++) {
      float[] theta = params.get(p);
      float[] g = grads.get(p);
      float[] mp = m.get(p);
      float[] vp = v.get(p);
      for (int k = 0; k < theta.length; k++) {
        float gk = g[k] + weightDecay * theta[k];
        mp[k] = beta1 * mp[k] + (1 - beta1) * gk;
        vp[k] = beta2 * vp[k] + (1 - beta2) * gk * gk;
        theta[k] -= stepSize * mp[k] / ((float) Math.sqrt(vp[k]) / sqrtC2 + eps);
      }
    }
  }

  /** Updates taken so far. */
  public int steps() {
    return t;
  }
}
