#!/usr/bin/env python3
"""PyTorch references for the gpu-kernels benchmarks, on the same device and shapes.

Measures the device's ceilings (device-to-device copy bandwidth; fp32, tf32 and bf16 matrix
rates), then times
  * similarity top-k: torch.topk(Q @ V.T) in query chunks, with the same 20 exclusions per query
    applied as -inf (what the fused kernel does without materialising the scores), and
  * DiffRec sampling: the same MLP steps as DiffRec's DNN.forward + p_sample (cat[x, emb] ->
    Linear -> tanh -> Linear, then the posterior mean), T steps,
each in fp32 (TF32 off, like the Java kernels) and with TF32 on. With --java it reads
GpuBenchmark's JSON (same shapes) and writes a markdown report with the ratios.
"""
import argparse
import json
import math
import statistics

import torch


def timed(fn, reps=10, warmup=2):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    return statistics.median(times)


def ceilings():
    out = {}
    a = torch.randn(512 * 1024 * 1024, device="cuda")  # 2 GiB
    b = torch.empty_like(a)
    ms = timed(lambda: b.copy_(a), reps=10)
    out["copy_gbps"] = 2 * a.numel() * 4 / ms / 1e6
    del a, b
    n = 8192
    for name, dtype, tf32 in (("fp32", torch.float32, False), ("tf32", torch.float32, True), ("bf16", torch.bfloat16, False)):
        torch.backends.cuda.matmul.allow_tf32 = tf32
        x = torch.randn(n, n, device="cuda", dtype=dtype)
        y = torch.randn(n, n, device="cuda", dtype=dtype)
        ms = timed(lambda: x @ y, reps=10)
        out[f"{name}_matmul_tflops"] = 2 * n ** 3 / ms / 1e9
        del x, y
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.cuda.empty_cache()
    return out


def similarity(b, n, d, k, exclusions=20, chunk=1024, tf32=False):
    torch.backends.cuda.matmul.allow_tf32 = tf32
    g = torch.Generator(device="cuda").manual_seed(1)
    q = torch.randn(b, d, device="cuda", generator=g)
    v = torch.randn(n, d, device="cuda", generator=g)
    ex = torch.randint(0, n, (b, exclusions), device="cuda", generator=g)

    def run():
        for c in range(0, b, chunk):
            s = q[c:c + chunk] @ v.T
            s.scatter_(1, ex[c:c + chunk], float("-inf"))
            torch.topk(s, k, dim=1)

    ms = timed(run, reps=5)
    del q, v, ex
    torch.cuda.empty_cache()
    torch.backends.cuda.matmul.allow_tf32 = False
    return ms


def timestep_embedding(t, dim, device, max_period=10000):
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(0, half, dtype=torch.float32) / half).to(device)
    args = torch.tensor([float(t)], device=device)[:, None] * freqs[None]
    emb = torch.cat([torch.cos(args), torch.sin(args)], dim=-1)
    if dim % 2:
        emb = torch.cat([emb, torch.zeros_like(emb[:, :1])], dim=-1)
    return emb


def schedule(steps, scale=0.1, lo=0.0005, hi=0.005):
    import numpy as np
    variance = np.linspace(scale * lo, scale * hi, steps, dtype=np.float64)
    alpha_bar = 1 - variance
    betas = [1 - alpha_bar[0]] + [min(1 - alpha_bar[i] / alpha_bar[i - 1], 0.999) for i in range(1, steps)]
    betas = np.array(betas)
    betas[0] = 1e-5
    alphas = 1 - betas
    acp = np.cumprod(alphas)
    acp_prev = np.append(1.0, acp[:-1])
    c1 = betas * np.sqrt(acp_prev) / (1 - acp)
    c2 = (1 - acp_prev) * np.sqrt(alphas) / (1 - acp)
    return [float(x) for x in c1], [float(x) for x in c2]


def diffusion(users, items, hidden, emb, steps, tf32=False):
    torch.backends.cuda.matmul.allow_tf32 = tf32
    dev = "cuda"
    torch.manual_seed(2)
    emb_layer = torch.nn.Linear(emb, emb).to(dev)
    l1 = torch.nn.Linear(items + emb, hidden).to(dev)
    l2 = torch.nn.Linear(hidden, items).to(dev)
    x_start = (torch.rand(users, items, device=dev) < 0.02).float()
    c1, c2 = schedule(steps)
    temb = [timestep_embedding(t, emb, dev) for t in range(steps)]

    @torch.no_grad()
    def run():
        x = x_start
        for t in reversed(range(steps)):
            e = emb_layer(temb[t]).expand(users, emb)
            h = torch.tanh(l1(torch.cat([x, e], dim=-1)))
            x0 = l2(h)
            x = c1[t] * x0 + c2[t] * x
        return x

    ms = timed(run, reps=5)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.cuda.empty_cache()
    return ms


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--java", help="GpuBenchmark JSON (shapes and Java times)")
    p.add_argument("--out", default="torch.json")
    p.add_argument("--report", default=None)
    a = p.parse_args()
    java = {"results": []}
    if a.java:
        try:
            with open(a.java) as f:
                java = json.load(f)
        except OSError as e:
            print(f"no Java results ({e}); using the default shapes")
    sim = next((r for r in java["results"] if r["kernel"] == "similarity" and r["path"] == "gpu"),
               {"b": 4096, "n": 1_000_000, "d": 128, "k": 100})
    dif = next((r for r in java["results"] if r["kernel"] == "diffusion" and r["path"] == "gpu"),
               {"users": 4096, "items": 10_000, "hidden": 1000, "emb": 10, "steps": 10})
    res = {"device": torch.cuda.get_device_name(0), "torch": torch.__version__, "ceilings": ceilings()}
    print("ceilings:", res["ceilings"])
    res["similarity_fp32_ms"] = similarity(sim["b"], sim["n"], sim["d"], sim["k"])
    res["similarity_tf32_ms"] = similarity(sim["b"], sim["n"], sim["d"], sim["k"], tf32=True)
    res["diffusion_fp32_ms"] = diffusion(dif["users"], dif["items"], dif["hidden"], dif["emb"], dif["steps"])
    res["diffusion_tf32_ms"] = diffusion(dif["users"], dif["items"], dif["hidden"], dif["emb"], dif["steps"], tf32=True)
    print(json.dumps(res, indent=1))
    with open(a.out, "w") as f:
        json.dump(res, f, indent=1)
    if a.report:
        write_report(a.report, res, java, sim, dif)


def write_report(path, res, java, sim, dif):
    c = res["ceilings"]
    lines = [f"Device: {res['device']}, torch {res['torch']}; Java runtime: {java.get('runtime', '?')}", "",
             f"Measured ceilings: copy {c['copy_gbps']:.0f} GB/s; matmul fp32 {c['fp32_matmul_tflops']:.1f}, "
             f"tf32 {c['tf32_matmul_tflops']:.1f}, bf16 {c['bf16_matmul_tflops']:.1f} TFLOP/s", "",
             "| kernel | shape | Java CUDA ms | TFLOP/s (% fp32 ceiling) | GB/s (% copy) | PyTorch fp32 ms | PyTorch tf32 ms | PyTorch fp32 / ours |",
             "|---|---|---|---|---|---|---|---|"]
    for r in java["results"]:
        if r["path"] != "gpu":
            continue
        key = r["kernel"]
        shape = (f"b={r['b']} n={r['n']} d={r['d']} k={r['k']}" if key == "similarity"
                 else f"{r['users']} users x {r['items']} items, h={r['hidden']}, T={r['steps']}")
        fp32, tf32 = res[f"{key}_fp32_ms"], res[f"{key}_tf32_ms"]
        lines.append(f"| {key} | {shape} | {r['ms_median']:.2f} | {r['tflops']:.1f} "
                     f"({100 * r['tflops'] / c['fp32_matmul_tflops']:.0f}%) | {r['gbps']:.0f} "
                     f"({100 * r['gbps'] / c['copy_gbps']:.1f}%) | {fp32:.2f} | {tf32:.2f} | {fp32 / r['ms_median']:.2f}x |")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
