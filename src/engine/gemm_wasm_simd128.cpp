// The WebAssembly GEMM: packed panels, cache blocking and a register-tiled wasm_simd128
// micro-kernel, because Eigen 3.4 has no WASM SIMD path. Native builds compile this file to nothing.
// Compiled twice (CMakeLists.txt): plain SIMD128 (a multiply, then an add), and with -mrelaxed-simd,
// where the micro-kernel's step is relaxed SIMD's f32x4.relaxed_madd, which browsers run as one fused
// multiply-add on current laptop CPUs. Its rounding is the machine's (fused or not), the same on
// every call, so runs stay reproducible on one machine.
#if defined(__wasm_simd128__)

#include <wasm_simd128.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>
#include <vector>

#include "engine/gemm.h"

namespace dl {

namespace {

// acc + a * b: one fused instruction with relaxed SIMD, else a multiply and an add.
inline v128_t multiply_add(v128_t a, v128_t b, v128_t acc) {
#if defined(__wasm_relaxed_simd__)
  return wasm_f32x4_relaxed_madd(a, b, acc);
#else
  return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b));
#endif
}

// The tile is 3 rows x 12 columns (3 x 3 vectors) because of how V8 compiles wasm on x64:
// TurboFan has 15 allocatable XMM registers and issues all of a k step's loads up front, so a
// step needs rows*vectors accumulators + rows A broadcasts + vectors B loads + 1 product
// = 9 + 3 + 3 + 1 = 15 registers. A 4x12 tile (20) or any clang-unrolled k loop (the next
// step's loads get hoisted too) spills accumulators to the stack on every step, which measured
// ~25 GFLOP/s under node against ~40 for this shape. 4x8 also fits but does less per load.
// With relaxed SIMD's fused multiply-add the product register goes, yet the next larger tiles still
// spill (4x12 and 3x16 need 19): measured under node on this machine's AMD EPYC, relaxed 3x12 ~50
// GFLOP/s, 6x8 ~51 (a slower A packing), 5x8 ~48, 4x8 ~48, 4x12 and 3x16 ~25. So 3x12 for both.
constexpr int kLanes = 4;
constexpr int kTileRows = 3;
constexpr int kTileVectors = 3;
constexpr int kTileCols = kTileVectors * kLanes;

// Cache blocking: a packed B tile (depth x 12 floats, <= 15 KB) stays in L1 while it meets every
// A tile of the row block (96 rows x depth, <= 120 KB, in L2); the packed B block is at most
// depth x 960 floats (1.2 MB). Measured under node: depth 320 beats 256 by ~10% when C does not
// fit in L2 (K = 288 stays one block, so C is written once) and 512 thrashes L1 at 1024^3;
// row blocks of 48..384 and column blocks of 480..1920 were equal or worse.
constexpr int kMaxDepthBlock = 320;
constexpr int kRowBlock = 96;
constexpr int kColBlock = 960;
static_assert(kRowBlock % kTileRows == 0 && kColBlock % kTileCols == 0);

// Height of the next row tile given the rows left: full tiles, except that 4 rows left become
// 2 + 2 rather than 3 + 1 (a 1-row tile does a third of the work per load of a full one).
int tile_rows(int rows_left) {
  if (rows_left == 4) return 2;
  return std::min(kTileRows, rows_left);
}

// Width of the next column tile given the columns left: full 12-column tiles, except that 13..16
// columns left become 8 + 5..8, so e.g. N = 64 is 4 x 12 + 8 + 8 rather than 5 x 12 + 4.
int tile_cols(int cols_left) {
  if (cols_left > kTileCols && cols_left <= kTileCols + kLanes) return 2 * kLanes;
  return std::min(kTileCols, cols_left);
}

int round_up_to_lanes(int n) { return (n + kLanes - 1) / kLanes * kLanes; }

// op(A) rows ic..ic+rows-1, depth pc..pc+kc-1, packed as consecutive row tiles (heights from
// tile_rows); a tile of height h holds, for each p, the h values op(A)[i0 + r, pc + p], so the
// micro-kernel reads A strictly sequentially. A tile starting at row i0 starts at (i0 - ic) * kc.
void pack_a(const GemmArgs& g, int ic, int rows, int pc, int kc, float* packed) {
  for (int t = 0; t < rows;) {
    const int height = tile_rows(rows - t);
    const int i0 = ic + t;
    float* dst = packed + static_cast<size_t>(t) * kc;
    if (g.trans_a == Transpose::yes) {
      // Stored K x M: the values for one p are adjacent. Full tiles load 4 of them per p (the
      // 4th is unused, and read only if it is a real element of A) for 4 depths at a time:
      // (x0..),(y0..),(z0..),(w0..) -> x0 x1 x2 y0 | y1 y2 z0 z1 | z2 w0 w1 w2.
      const float* src = g.a + static_cast<size_t>(pc) * g.lda + i0;
      int p = 0;
      if (height == 3 && i0 + 4 <= g.m) {
        const size_t lda = g.lda;
        for (; p + 4 <= kc; p += 4, src += 4 * lda, dst += 12) {
          const v128_t x = wasm_v128_load(src), y = wasm_v128_load(src + lda);
          const v128_t z = wasm_v128_load(src + 2 * lda), w = wasm_v128_load(src + 3 * lda);
          wasm_v128_store(dst, wasm_i32x4_shuffle(x, y, 0, 1, 2, 4));
          wasm_v128_store(dst + 4, wasm_i32x4_shuffle(y, z, 1, 2, 4, 5));
          wasm_v128_store(dst + 8, wasm_i32x4_shuffle(z, w, 2, 4, 5, 6));
        }
      }
      for (; p < kc; ++p, src += g.lda, dst += height) {
        for (int r = 0; r < height; ++r) dst[r] = src[r];
      }
    } else {
      // Stored M x K: one value from each row per p. Full tiles transpose 3 rows x 4 depths
      // in registers: (a0..a3),(b0..b3),(c0..c3) -> a0 b0 c0 a1 | b1 c1 a2 b2 | c2 a3 b3 c3.
      const float* row0 = g.a + static_cast<size_t>(i0) * g.lda + pc;
      int p = 0;
      if (height == 3) {
        const float* row1 = row0 + g.lda;
        const float* row2 = row1 + g.lda;
        for (; p + 4 <= kc; p += 4, dst += 12) {
          const v128_t a = wasm_v128_load(row0 + p), b = wasm_v128_load(row1 + p);
          const v128_t c = wasm_v128_load(row2 + p);
          const v128_t ab01 = wasm_i32x4_shuffle(a, b, 0, 4, 1, 5);  // a0 b0 a1 b1
          const v128_t ab23 = wasm_i32x4_shuffle(a, b, 2, 6, 3, 7);  // a2 b2 a3 b3
          const v128_t b1c1 = wasm_i32x4_shuffle(ab01, c, 3, 5, 3, 5);
          wasm_v128_store(dst, wasm_i32x4_shuffle(ab01, c, 0, 1, 4, 2));
          wasm_v128_store(dst + 4, wasm_i32x4_shuffle(b1c1, ab23, 0, 1, 4, 5));
          wasm_v128_store(dst + 8, wasm_i32x4_shuffle(ab23, c, 6, 2, 3, 7));
        }
      }
      for (; p < kc; ++p, dst += height) {
        for (int r = 0; r < height; ++r) dst[r] = row0[static_cast<size_t>(r) * g.lda + p];
      }
    }
    t += height;
  }
}

// op(B) depth pc..pc+kc-1, columns jc..jc+cols-1, packed as consecutive column tiles (widths
// from tile_cols, the last one zero-padded to whole vectors); a tile holds, for each p, its
// columns of op(B) row pc + p. Tile starting at column j0 starts at (j0 - jc) * kc.
void pack_b(const GemmArgs& g, int pc, int kc, int jc, int cols, float* packed) {
  for (int u = 0; u < cols;) {
    const int tile_width = tile_cols(cols - u);
    const int width = round_up_to_lanes(tile_width);
    const int j0 = jc + u;
    if (g.trans_b == Transpose::no) {
      // Stored K x N: each p is a contiguous run of columns.
      const float* src = g.b + static_cast<size_t>(pc) * g.ldb + j0;
      float* dst = packed;
      for (int p = 0; p < kc; ++p, src += g.ldb, dst += width) {
        int c = 0;
        for (; c + kLanes <= tile_width; c += kLanes) wasm_v128_store(dst + c, wasm_v128_load(src + c));
        for (; c < tile_width; ++c) dst[c] = src[c];
        for (; c < width; ++c) dst[c] = 0.0f;
      }
    } else {
      // Stored N x K: column j of op(B) is row j of B; transpose 4 columns x 4 depths at a time.
      int c = 0;
      for (; c + kLanes <= tile_width; c += kLanes) {
        const float* col0 = g.b + static_cast<size_t>(j0 + c) * g.ldb + pc;
        const float* col1 = col0 + g.ldb;
        const float* col2 = col1 + g.ldb;
        const float* col3 = col2 + g.ldb;
        int p = 0;
        for (; p + 4 <= kc; p += 4) {
          const v128_t r0 = wasm_v128_load(col0 + p), r1 = wasm_v128_load(col1 + p);
          const v128_t r2 = wasm_v128_load(col2 + p), r3 = wasm_v128_load(col3 + p);
          const v128_t lo01 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5);
          const v128_t hi01 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);
          const v128_t lo23 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);
          const v128_t hi23 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
          float* dst = packed + static_cast<size_t>(p) * width + c;
          wasm_v128_store(dst, wasm_i64x2_shuffle(lo01, lo23, 0, 2));
          wasm_v128_store(dst + width, wasm_i64x2_shuffle(lo01, lo23, 1, 3));
          wasm_v128_store(dst + 2 * width, wasm_i64x2_shuffle(hi01, hi23, 0, 2));
          wasm_v128_store(dst + 3 * width, wasm_i64x2_shuffle(hi01, hi23, 1, 3));
        }
        for (; p < kc; ++p) {
          float* dst = packed + static_cast<size_t>(p) * width + c;
          dst[0] = col0[p], dst[1] = col1[p], dst[2] = col2[p], dst[3] = col3[p];
        }
      }
      for (; c < width; ++c) {
        const float* col = g.b + static_cast<size_t>(j0 + c) * g.ldb + pc;
        for (int p = 0; p < kc; ++p) packed[static_cast<size_t>(p) * width + c] = c < tile_width ? col[p] : 0.0f;
      }
    }
    packed += static_cast<size_t>(kc) * width;
    u += tile_width;
  }
}

// C[Rows x cols] = beta * C + (packed A tile) * (B tile) over kc depths. The B tile's rows are
// b_stride floats apart: Vectors * kLanes when packed, ldb when read where B is stored.
// The accumulators stay in registers. One k step per iteration on purpose: see the note on the
// tile size.
template <int Rows, int Vectors>
void micro_kernel(int kc, const float* __restrict packed_a, const float* __restrict packed_b, int b_stride,
                  float* c, int ldc, int cols, float beta) {
  v128_t acc[Rows][Vectors];
  for (int r = 0; r < Rows; ++r)
    for (int v = 0; v < Vectors; ++v) acc[r][v] = wasm_f32x4_const_splat(0.0f);

#pragma clang loop unroll(disable)
  for (int p = 0; p < kc; ++p, packed_a += Rows, packed_b += b_stride) {
    v128_t b[Vectors];
    for (int v = 0; v < Vectors; ++v) b[v] = wasm_v128_load(packed_b + v * kLanes);
    for (int r = 0; r < Rows; ++r) {
      const v128_t a = wasm_v128_load32_splat(packed_a + r);
      for (int v = 0; v < Vectors; ++v) acc[r][v] = multiply_add(a, b[v], acc[r][v]);
    }
  }

  if (cols == Vectors * kLanes) {
    for (int r = 0; r < Rows; ++r) {
      float* c_row = c + static_cast<size_t>(r) * ldc;
      for (int v = 0; v < Vectors; ++v) {
        v128_t out = acc[r][v];
        if (beta == 1.0f) {
          out = wasm_f32x4_add(wasm_v128_load(c_row + v * kLanes), out);
        } else if (beta != 0.0f) {  // beta == 0 must not read C: it may be uninitialised
          out = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_splat(beta), wasm_v128_load(c_row + v * kLanes)), out);
        }
        wasm_v128_store(c_row + v * kLanes, out);
      }
    }
    return;
  }
  // Ragged right edge: spill the tile and write only the valid columns (never touch past C's end).
  float tile[Rows][Vectors * kLanes];
  for (int r = 0; r < Rows; ++r)
    for (int v = 0; v < Vectors; ++v) wasm_v128_store(&tile[r][v * kLanes], acc[r][v]);
  for (int r = 0; r < Rows; ++r) {
    float* c_row = c + static_cast<size_t>(r) * ldc;
    for (int j = 0; j < cols; ++j) c_row[j] = beta == 0.0f ? tile[r][j] : beta * c_row[j] + tile[r][j];
  }
}

// make_kernel_table<Kernel, Rows, Cols>()[rows - 1][cols - 1] is Kernel<rows, cols>::run for every
// tile size up to Rows x Cols, so an edge tile gets a kernel of its exact size. Kernel wraps one
// kernel family (micro-kernels, dot kernels) as a class template.
template <template <int, int> class Kernel, int Row, int... C>
constexpr auto kernel_table_row(std::integer_sequence<int, C...>) {
  return std::array{Kernel<Row, C + 1>::run...};
}
template <template <int, int> class Kernel, int Cols, int... R>
constexpr auto kernel_table_rows(std::integer_sequence<int, R...>) {
  return std::array{kernel_table_row<Kernel, R + 1>(std::make_integer_sequence<int, Cols>())...};
}
template <template <int, int> class Kernel, int Rows, int Cols>
constexpr auto make_kernel_table() {
  return kernel_table_rows<Kernel, Cols>(std::make_integer_sequence<int, Rows>());
}

template <int Rows, int Vectors>
struct MicroKernel {
  static constexpr auto run = &micro_kernel<Rows, Vectors>;
};

// Every edge tile gets a kernel of its exact height and of just enough vectors, so small M and N
// (1..11) waste little arithmetic.
constexpr auto kernel_table = make_kernel_table<MicroKernel, kTileRows, kTileVectors>();

// Split K into near-equal blocks of at most kMaxDepthBlock (784 -> 262 + 262 + 260, not
// 320 + 320 + 144), so no block is so shallow that loading and storing C dominates it.
int depth_block_size(int k) {
  const int blocks = (k + kMaxDepthBlock - 1) / kMaxDepthBlock;
  return (k + blocks - 1) / blocks;
}

// C = beta * C + A * B^T with both stored row by row (a dense layer's dx = dz * W^T): each
// element is the dot product of a row of A and a row of B, both contiguous, so nothing is packed.
// With few rows of A (a worker's slice of a batch) packing B^T would cost as much as the multiply.
// A tile is Rows rows of A x Cols rows of B; each accumulator sums 4 depths per lane and is folded
// to one number at the end. 8 accumulators + 2 + 4 loads (+1 product) fit V8's 15 XMM registers.
constexpr int kDotRows = 2;
constexpr int kDotCols = 4;

// Lane sums of four vectors: [sum(v0), sum(v1), sum(v2), sum(v3)].
inline v128_t lane_sums(v128_t v0, v128_t v1, v128_t v2, v128_t v3) {
  const v128_t t0 = wasm_f32x4_add(wasm_i32x4_shuffle(v0, v1, 0, 4, 1, 5), wasm_i32x4_shuffle(v0, v1, 2, 6, 3, 7));
  const v128_t t1 = wasm_f32x4_add(wasm_i32x4_shuffle(v2, v3, 0, 4, 1, 5), wasm_i32x4_shuffle(v2, v3, 2, 6, 3, 7));
  return wasm_f32x4_add(wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5), wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7));
}

template <int Rows, int Cols>
void dot_kernel(const GemmArgs& g, int i0, int j0) {
  const float* a[Rows];
  const float* b[Cols];
  for (int r = 0; r < Rows; ++r) a[r] = g.a + static_cast<size_t>(i0 + r) * g.lda;
  for (int c = 0; c < Cols; ++c) b[c] = g.b + static_cast<size_t>(j0 + c) * g.ldb;
  v128_t acc[Rows][Cols];
  for (int r = 0; r < Rows; ++r)
    for (int c = 0; c < Cols; ++c) acc[r][c] = wasm_f32x4_const_splat(0.0f);
  int p = 0;
#pragma clang loop unroll(disable)
  for (; p + kLanes <= g.k; p += kLanes) {
    v128_t bv[Cols];
    for (int c = 0; c < Cols; ++c) bv[c] = wasm_v128_load(b[c] + p);
    for (int r = 0; r < Rows; ++r) {
      const v128_t av = wasm_v128_load(a[r] + p);
      for (int c = 0; c < Cols; ++c) acc[r][c] = multiply_add(av, bv[c], acc[r][c]);
    }
  }
  const v128_t zero = wasm_f32x4_const_splat(0.0f);
  for (int r = 0; r < Rows; ++r) {
    float sums[kDotCols];
    wasm_v128_store(sums, lane_sums(acc[r][0], Cols > 1 ? acc[r][1 % Cols] : zero, Cols > 2 ? acc[r][2 % Cols] : zero,
                                    Cols > 3 ? acc[r][3 % Cols] : zero));
    float* c_row = g.c + static_cast<size_t>(i0 + r) * g.ldc + j0;
    for (int c = 0; c < Cols; ++c) {
      float sum = sums[c];
      for (int q = p; q < g.k; ++q) sum += a[r][q] * b[c][q];  // depths past the last whole vector
      c_row[c] = g.beta == 0.0f ? sum : g.beta * c_row[c] + sum;
    }
  }
}

template <int Rows, int Cols>
struct DotKernel {
  static constexpr auto run = &dot_kernel<Rows, Cols>;
};
constexpr auto dot_kernel_table = make_kernel_table<DotKernel, kDotRows, kDotCols>();

// B's tile of rows (16 KB at K = 1024) stays in L1 while every row pair of A passes it.
void gemm_rows_times_rows(const GemmArgs& g) {
  for (int j = 0; j < g.n; j += kDotCols) {
    const int cols = std::min(kDotCols, g.n - j);
    for (int i = 0; i < g.m; i += kDotRows) {
      const int rows = std::min(kDotRows, g.m - i);
      dot_kernel_table[rows - 1][cols - 1](g, i, j);
    }
  }
}

struct PackBuffers {
  std::vector<float> a, b;
};

}  // namespace

const char* gemm_wasm_kernel_name() {
#if defined(__wasm_relaxed_simd__)
  return "wasm_relaxed_simd";
#else
  return "wasm_simd128";
#endif
}

void gemm_wasm_simd128(const GemmArgs& g) {
  if (g.m <= 0 || g.n <= 0 || g.k <= 0) {
    gemm_reference(g);  // nothing to multiply (gemm() filters these out; this keeps K = 0 safe)
    return;
  }
  if (g.trans_a == Transpose::no && g.trans_b == Transpose::yes && g.m <= kRowBlock && g.k >= 64) {
    gemm_rows_times_rows(g);
    return;
  }
  // Per-thread buffers that only ever grow: callers run gemms on several worker threads, and in
  // a steady state (same shapes every batch) no call allocates.
  thread_local PackBuffers buffers;
  const int kc_max = depth_block_size(g.k);
  const int nc_max = std::min(kColBlock, g.n);
  const int mc_max = std::min(kRowBlock, g.m);
  const size_t b_size = static_cast<size_t>(kc_max) * round_up_to_lanes(nc_max);
  const size_t a_size = static_cast<size_t>(kc_max) * mc_max;
  if (buffers.b.size() < b_size) buffers.b.resize(b_size);
  if (buffers.a.size() < a_size) buffers.a.resize(a_size);
  float* packed_a = buffers.a.data();
  float* packed_b = buffers.b.data();
  // With few rows (a training batch split across workers: 16 to 64) each B value is used only a
  // few times, and copying all of B into panels costs a large share of the multiply: the MLP's
  // and the CNN's dense layers pack a 2.5 to 4 MB weight matrix for 32 rows. There the kernel reads
  // B where it is stored, which needs whole vectors (N a multiple of 4) and B not transposed.
  const bool b_in_place = g.trans_b == Transpose::no && g.n % kLanes == 0 && g.m <= kRowBlock;

  for (int jc = 0; jc < g.n; jc += kColBlock) {
    const int nc = std::min(kColBlock, g.n - jc);
    for (int pc = 0; pc < g.k; pc += kc_max) {
      const int kc = std::min(kc_max, g.k - pc);
      // Later depth blocks add onto what the earlier ones wrote.
      const float beta = pc == 0 ? g.beta : 1.0f;
      if (!b_in_place) pack_b(g, pc, kc, jc, nc, packed_b);
      for (int ic = 0; ic < g.m; ic += kRowBlock) {
        const int mc = std::min(kRowBlock, g.m - ic);
        pack_a(g, ic, mc, pc, kc, packed_a);
        for (int jr = 0; jr < nc;) {
          const int cols = tile_cols(nc - jr);
          const int vectors = (cols + kLanes - 1) / kLanes;
          const float* b_tile = b_in_place ? g.b + static_cast<size_t>(pc) * g.ldb + jc + jr
                                           : packed_b + static_cast<size_t>(jr) * kc;
          const int b_stride = b_in_place ? g.ldb : vectors * kLanes;
          for (int ir = 0; ir < mc;) {
            const int rows = tile_rows(mc - ir);
            float* c_tile = g.c + static_cast<size_t>(ic + ir) * g.ldc + jc + jr;
            kernel_table[rows - 1][vectors - 1](kc, packed_a + static_cast<size_t>(ir) * kc, b_tile, b_stride,
                                                c_tile, g.ldc, cols, beta);
            ir += rows;
          }
          jr += cols;
        }
      }
    }
  }
}

}  // namespace dl

#endif  // __wasm_simd128__
