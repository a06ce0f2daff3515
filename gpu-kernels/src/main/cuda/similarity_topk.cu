// Fused batched similarity top-k (dot product or cosine) with per-query CSR exclusions.
//
// sim_topk_partial: grid (ceil(b/64), slices). A block keeps 64 queries resident in shared memory
// and walks its slice of the items in tiles of 64: a 64x64 score tile is computed in registers
// (4x4 per thread, one fmaf chain per score over k = 0..d-1, the CPU twin's order), scores that
// beat the query's current k-th best are appended to a per-query candidate list in shared memory,
// and one warp per query then folds the candidates into that query's k-best list for this slice
// (kept in global memory, replace-the-worst). Scores never reach global memory.
// topk_merge: one warp per query merges the slices' lists and writes the k best, sorted.
//
// The k-lists live in global memory (L1-cached); lanes of a warp see each other's writes after
// __syncwarp, which orders memory among the participating threads.
//
// Order (shared with the Java side): higher score first, then lower id; id -1 is padding and sorts
// after every real id; NaN never enters.

#include <math_constants.h>

#define BQ 64
#define BN 64
#define BK 32
#define THREADS 256
#define VS_STRIDE (BN + 4)
#define FULL 0xffffffffu

__device__ __forceinline__ bool better(float s1, int i1, float s2, int i2) {
  return s1 > s2 || (s1 == s2 && (unsigned)i1 < (unsigned)i2);
}

__device__ __forceinline__ bool excluded(int q, int item, const int* __restrict__ exRowPtr,
                                         const int* __restrict__ exIds) {
  if (exRowPtr == nullptr) return false;
  int lo = exRowPtr[q];
  int hi = exRowPtr[q + 1] - 1;
  while (lo <= hi) {  // ids are sorted within a row on the host
    int mid = (lo + hi) >> 1;
    int v = exIds[mid];
    if (v == item) return true;
    if (v < item) lo = mid + 1; else hi = mid - 1;
  }
  return false;
}

// Finds the worst entry of a k-list (all lanes of the warp get the same answer).
__device__ __forceinline__ void warp_worst(const float* ls, const int* li, int k, int lane,
                                           float& ws, int& wi, int& wp) {
  float bs = 0.f;
  int bi = 0;
  int bp = -1;
  for (int j = lane; j < k; j += 32) {
    float s = ls[j];
    int i = li[j];
    if (bp < 0 || better(bs, bi, s, i)) { bs = s; bi = i; bp = j; }
  }
  for (int off = 16; off > 0; off >>= 1) {
    float os = __shfl_xor_sync(FULL, bs, off);
    int oi = __shfl_xor_sync(FULL, bi, off);
    int op = __shfl_xor_sync(FULL, bp, off);
    bool take = op >= 0 && (bp < 0 || better(bs, bi, os, oi) || (os == bs && oi == bi && op < bp));
    if (take) { bs = os; bi = oi; bp = op; }
  }
  ws = bs; wi = bi; wp = bp;
}

// Replaces the worst entry of a k-list by (s, id) and finds the new worst.
__device__ __forceinline__ void warp_insert(float* ls, int* li, int k, int lane,
                                            float s, int id, float& ws, int& wi, int& wp) {
  if (lane == 0) { ls[wp] = s; li[wp] = id; }
  __syncwarp();
  warp_worst(ls, li, k, lane, ws, wi, wp);
  __syncwarp();
}

extern "C" __global__ void __launch_bounds__(THREADS)
sim_topk_partial(const float* __restrict__ Q, int b, const float* __restrict__ V, int n, int d, int dPad,
                 const float* __restrict__ qInv, const float* __restrict__ vInv,
                 const int* __restrict__ exRowPtr, const int* __restrict__ exIds,
                 int k, int itemsPerSlice, int slices,
                 float* __restrict__ partS, int* __restrict__ partI) {
  extern __shared__ __align__(16) float smem[];
  float* Qs = smem;                                  // [dPad][BQ]
  float* Vs = Qs + dPad * BQ;                        // [BK][VS_STRIDE]
  float* candS = Vs + BK * VS_STRIDE;                // [BQ][BN]
  int* candI = (int*)(candS + BQ * BN);              // [BQ][BN]
  float* thrS = (float*)(candI + BQ * BN);           // [BQ] worst kept score
  int* thrI = (int*)(thrS + BQ);                     // [BQ] its id
  int* thrP = thrI + BQ;                             // [BQ] its position in the list
  int* cnt = thrP + BQ;                              // [BQ] candidates this tile

  const int tid = threadIdx.x;
  const int lane = tid & 31;
  const int warp = tid >> 5;
  const int tx = tid & 15;   // item group: items tx*4 .. tx*4+3 of the tile
  const int ty = tid >> 4;   // query group: queries ty*4 .. ty*4+3 of the block
  const int q0 = blockIdx.x * BQ;
  const int slice = blockIdx.y;
  const int sliceBegin = slice * itemsPerSlice;
  const int sliceEnd = min(n, sliceBegin + itemsPerSlice);

  for (int idx = tid; idx < BQ * dPad; idx += THREADS) {
    int q = idx / dPad;
    int kk = idx - q * dPad;
    Qs[kk * BQ + q] = (q0 + q < b && kk < d) ? Q[(size_t)(q0 + q) * d + kk] : 0.f;
  }
  for (int qi = warp; qi < BQ; qi += THREADS / 32) {
    int q = q0 + qi;
    if (q < b) {
      float* ls = partS + ((size_t)q * slices + slice) * k;
      int* li = partI + ((size_t)q * slices + slice) * k;
      for (int j = lane; j < k; j += 32) { ls[j] = -CUDART_INF_F; li[j] = -1; }
    }
    if (lane == 0) { thrS[qi] = -CUDART_INF_F; thrI[qi] = -1; thrP[qi] = 0; cnt[qi] = 0; }
  }
  __syncthreads();

  for (int tile = sliceBegin; tile < sliceEnd; tile += BN) {
    float acc[4][4];
#pragma unroll
    for (int i = 0; i < 4; ++i)
#pragma unroll
      for (int j = 0; j < 4; ++j) acc[i][j] = 0.f;

    for (int k0 = 0; k0 < dPad; k0 += BK) {
#pragma unroll
      for (int r = 0; r < (BN * BK) / THREADS; ++r) {
        int idx = r * THREADS + tid;
        int i = idx / BK;
        int kk = idx - i * BK;
        int item = tile + i;
        int dim = k0 + kk;
        Vs[kk * VS_STRIDE + i] = (item < sliceEnd && dim < d) ? V[(size_t)item * d + dim] : 0.f;
      }
      __syncthreads();
#pragma unroll 8
      for (int kk = 0; kk < BK; ++kk) {
        float4 a = *reinterpret_cast<const float4*>(&Qs[(k0 + kk) * BQ + ty * 4]);
        float4 v = *reinterpret_cast<const float4*>(&Vs[kk * VS_STRIDE + tx * 4]);
        float av[4] = {a.x, a.y, a.z, a.w};
        float vv[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
        for (int i = 0; i < 4; ++i)
#pragma unroll
          for (int j = 0; j < 4; ++j) acc[i][j] = fmaf(av[i], vv[j], acc[i][j]);
      }
      __syncthreads();
    }

#pragma unroll
    for (int i = 0; i < 4; ++i) {
      int qi = ty * 4 + i;
      int q = q0 + qi;
      if (q >= b) continue;
      float ts = thrS[qi];
      int ti = thrI[qi];
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        int item = tile + tx * 4 + j;
        if (item >= sliceEnd) continue;
        float s = acc[i][j];
        if (qInv != nullptr) s = __fmul_rn(__fmul_rn(s, qInv[q]), vInv[item]);
        if (better(s, item, ts, ti) && !excluded(q, item, exRowPtr, exIds)) {
          int pos = atomicAdd(&cnt[qi], 1);
          candS[qi * BN + pos] = s;
          candI[qi * BN + pos] = item;
        }
      }
    }
    __syncthreads();

    for (int qi = warp; qi < BQ; qi += THREADS / 32) {
      int c = cnt[qi];
      if (c == 0) continue;
      int q = q0 + qi;
      float* ls = partS + ((size_t)q * slices + slice) * k;
      int* li = partI + ((size_t)q * slices + slice) * k;
      float ws = thrS[qi];
      int wi = thrI[qi];
      int wp = thrP[qi];
      for (int t = 0; t < c; ++t) {
        float s = candS[qi * BN + t];
        int id = candI[qi * BN + t];
        if (better(s, id, ws, wi)) warp_insert(ls, li, k, lane, s, id, ws, wi, wp);
      }
      __syncwarp();
      if (lane == 0) { thrS[qi] = ws; thrI[qi] = wi; thrP[qi] = wp; cnt[qi] = 0; }
    }
    __syncthreads();
  }
}

// One warp per query: folds slices 1.. into slice 0's list, then writes it sorted (rank = number
// of entries that are better, ties between identical padding entries broken by position).
extern "C" __global__ void __launch_bounds__(128)
topk_merge(float* __restrict__ partS, int* __restrict__ partI, int b, int slices, int k,
           float* __restrict__ outS, int* __restrict__ outI) {
  const int lane = threadIdx.x & 31;
  const int q = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
  if (q >= b) return;
  float* ls = partS + (size_t)q * slices * k;
  int* li = partI + (size_t)q * slices * k;
  if (slices > 1) {
    float ws;
    int wi, wp;
    warp_worst(ls, li, k, lane, ws, wi, wp);
    for (int s = 1; s < slices; ++s) {
      const float* os = ls + (size_t)s * k;
      const int* oi = li + (size_t)s * k;
      for (int j0 = 0; j0 < k; j0 += 32) {
        int j = j0 + lane;
        float cs = j < k ? os[j] : -CUDART_INF_F;
        int ci = j < k ? oi[j] : -1;
        unsigned mask = __ballot_sync(FULL, j < k && better(cs, ci, ws, wi));
        while (mask) {
          int src = __ffs(mask) - 1;
          mask &= mask - 1;
          float s1 = __shfl_sync(FULL, cs, src);
          int i1 = __shfl_sync(FULL, ci, src);
          if (better(s1, i1, ws, wi)) warp_insert(ls, li, k, lane, s1, i1, ws, wi, wp);
        }
      }
    }
  }
  __syncwarp();
  for (int j = lane; j < k; j += 32) {
    float s = ls[j];
    int id = li[j];
    int rank = 0;
    for (int m = 0; m < k; ++m) {
      float s2 = ls[m];
      int i2 = li[m];
      rank += better(s2, i2, s, id) || (s2 == s && i2 == id && m < j);
    }
    outS[(size_t)q * k + rank] = s;
    outI[(size_t)q * k + rank] = id;
  }
}
