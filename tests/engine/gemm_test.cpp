// GEMM tests: the fast path of this build (Eigen natively, the wasm_simd128 kernel in the web
// build) against the scalar reference, on edge-heavy shapes, and the workshop's matmul numbers.
#include <doctest/doctest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "engine/gemm.h"

namespace {

using dl::GemmArgs;
using dl::Transpose;

struct GemmCase {
  int m, n, k;
  bool trans_a, trans_b;
  float beta;
  int padding;  // extra floats at the end of every stored row of A, B and C
};

std::string describe(const GemmCase& c) {
  return "m=" + std::to_string(c.m) + " n=" + std::to_string(c.n) + " k=" + std::to_string(c.k) +
         " trans_a=" + std::to_string(c.trans_a) + " trans_b=" + std::to_string(c.trans_b) +
         " beta=" + std::to_string(c.beta) + " padding=" + std::to_string(c.padding);
}

// Runs gemm and gemm_reference on the same random inputs and checks every element of C against
// a bound for float summation in any order: |error| <= K * eps * sum_p |a_ip * b_pj| for each
// result (doubled for the two results, plus the beta * C term). Also checks that C's row padding
// is untouched and that beta = 0 ignores C's old contents (filled with NaN).
void check_against_reference(const GemmCase& c, std::mt19937& rng) {
  CAPTURE(describe(c));
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  const int a_rows = c.trans_a ? c.k : c.m, a_cols = c.trans_a ? c.m : c.k;
  const int b_rows = c.trans_b ? c.n : c.k, b_cols = c.trans_b ? c.k : c.n;
  const int lda = a_cols + c.padding, ldb = b_cols + c.padding, ldc = c.n + c.padding;
  std::vector<float> a(static_cast<size_t>(a_rows) * lda), b(static_cast<size_t>(b_rows) * ldb);
  for (float& x : a) x = uniform(rng);
  for (float& x : b) x = uniform(rng);

  const float sentinel = 12345.0f;
  std::vector<float> c_initial(static_cast<size_t>(c.m) * ldc);
  for (int i = 0; i < c.m; ++i) {
    for (int j = 0; j < ldc; ++j) {
      float& x = c_initial[static_cast<size_t>(i) * ldc + j];
      x = j >= c.n ? sentinel : c.beta == 0.0f ? std::numeric_limits<float>::quiet_NaN() : uniform(rng);
    }
  }
  std::vector<float> c_fast = c_initial, c_reference = c_initial;

  GemmArgs args{c.trans_a ? Transpose::yes : Transpose::no, c.trans_b ? Transpose::yes : Transpose::no,
                c.m, c.n, c.k, a.data(), lda, b.data(), ldb, c.beta, c_fast.data(), ldc};
  dl::gemm(args);
  args.c = c_reference.data();
  dl::gemm_reference(args);

  auto element = [](const std::vector<float>& v, int ld, bool transposed, int row, int col) {
    return transposed ? v[static_cast<size_t>(col) * ld + row] : v[static_cast<size_t>(row) * ld + col];
  };
  int bad_elements = 0, bad_padding = 0;
  double worst_ratio = 0.0;
  for (int i = 0; i < c.m; ++i) {
    for (int j = 0; j < ldc; ++j) {
      const size_t at = static_cast<size_t>(i) * ldc + j;
      if (j >= c.n) {
        bad_padding += c_fast[at] != sentinel;
        continue;
      }
      double magnitude = c.beta == 0.0f ? 0.0 : std::fabs(static_cast<double>(c.beta) * c_initial[at]);
      for (int p = 0; p < c.k; ++p) {
        magnitude += std::fabs(static_cast<double>(element(a, lda, c.trans_a, i, p)) *
                               element(b, ldb, c.trans_b, p, j));
      }
      const double tolerance = 2.0 * (c.k + 2) * FLT_EPSILON * magnitude + 1e-30;
      const double error = std::fabs(static_cast<double>(c_fast[at]) - c_reference[at]);
      if (!(error <= tolerance)) ++bad_elements;  // NaN counts as bad
      worst_ratio = std::max(worst_ratio, error / tolerance);
    }
  }
  CAPTURE(worst_ratio);  // largest error as a fraction of its bound
  CHECK(bad_elements == 0);
  CHECK(bad_padding == 0);
}

}  // namespace

TEST_CASE("gemm: the workshop's 2x2 and 2x3 * 3x2 products, and matmul_cell = 28") {
  const float a2[] = {1, 2, 3, 4}, b2[] = {2, 4, 6, 8};
  float c2[4] = {};
  dl::matmul(2, 2, 2, a2, b2, c2);
  CHECK(c2[0] == 14.0f);
  CHECK(c2[1] == 20.0f);
  CHECK(c2[2] == 30.0f);
  CHECK(c2[3] == 44.0f);

  const float a23[] = {1, 2, 3, 4, 5, 6}, b32[] = {7, 8, 9, 10, 11, 12};
  float c22[4] = {};
  dl::matmul(2, 2, 3, a23, b32, c22);
  CHECK(c22[0] == 58.0f);
  CHECK(c22[1] == 64.0f);
  CHECK(c22[2] == 139.0f);
  CHECK(c22[3] == 154.0f);

  // [1,2,3] . [2,4,6]: a 1x3 row times a 3x1 column.
  const float row[] = {1, 2, 3}, column[] = {2, 4, 6};
  float dot = -1.0f;
  const GemmArgs args{Transpose::no, Transpose::no, 1, 1, 3, row, 3, column, 1, 0.0f, &dot, 1};
  CHECK(dl::matmul_cell(args, 0, 0) == 28.0f);
  dl::gemm(args);
  CHECK(dot == 28.0f);
}

TEST_CASE("gemm: the same products with transposed storage and accumulation (beta = 1)") {
  // [[1,2],[3,4]] stored transposed, times [[2,4],[6,8]] stored transposed, added onto ones.
  const float a_t[] = {1, 3, 2, 4}, b_t[] = {2, 6, 4, 8};
  float c[4] = {1, 1, 1, 1};
  dl::gemm({Transpose::yes, Transpose::yes, 2, 2, 2, a_t, 2, b_t, 2, 1.0f, c, 2});
  CHECK(c[0] == 15.0f);
  CHECK(c[1] == 21.0f);
  CHECK(c[2] == 31.0f);
  CHECK(c[3] == 45.0f);
}

TEST_CASE("gemm: matches the reference on small shapes around the kernel's tile edges") {
  std::mt19937 rng(20240601);
  // Sizes at and around tile, vector and row-split boundaries of both back ends.
  const int sizes[] = {1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 16, 17, 25};
  for (const int m : sizes) {
    for (const int n : sizes) {
      for (const int k : {1, 4, 9}) {
        const bool trans_a = (m + n + k) % 2 == 1, trans_b = (m * n + k) % 3 == 0;
        check_against_reference({m, n, k, trans_a, trans_b, (m + k) % 2 ? 1.0f : 0.0f, n % 3}, rng);
      }
    }
  }
}

TEST_CASE("gemm: matches the reference on random shapes up to 70, all transposes, beta 0 and 1") {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> dimension(1, 70);
  for (int trial = 0; trial < 60; ++trial) {
    const int m = dimension(rng), n = dimension(rng), k = dimension(rng);
    for (const bool trans_a : {false, true}) {
      for (const bool trans_b : {false, true}) {
        for (const float beta : {0.0f, 1.0f}) {
          check_against_reference({m, n, k, trans_a, trans_b, beta, trial % 4 == 0 ? 0 : trial % 5 + 1}, rng);
        }
      }
    }
  }
}

TEST_CASE("gemm: matches the reference on training shapes and across cache-block edges") {
  std::mt19937 rng(11);
  const GemmCase cases[] = {
      {64, 800, 784, false, false, 0.0f, 0},  // MLP dense forward
      {784, 100, 64, true, false, 1.0f, 0},   // dW += x^T dy (N cut to 100 to keep the reference quick)
      {64, 784, 100, false, true, 0.0f, 0},   // dx = dy W^T
      {676, 32, 9, false, false, 0.0f, 0},    // first conv layer, im2col
      {288, 64, 676, true, false, 1.0f, 0},   // conv weight gradient
      {97, 961, 321, false, false, 1.0f, 3},  // one past the row, column and depth blocks
      {97, 961, 321, true, true, 0.0f, 1},
      {1, 1000, 700, false, true, 0.5f, 2},   // a single row, beta neither 0 nor 1
      {700, 1, 333, true, false, 0.5f, 0},    // a single column
      // A worker's slice of a batch: few rows, where the WebAssembly kernel reads B in place
      // (N a multiple of 4) or takes dot products of rows (B transposed, K >= 64).
      {32, 784, 200, false, false, 0.0f, 0},  // MLP forward at 32 rows (K cut to keep the reference quick)
      {16, 1024, 96, false, false, 1.0f, 2},  // CNN dense forward, padded rows, accumulating
      {32, 100, 800, false, true, 0.0f, 0},   // MLP dx = dy W^T at 32 rows
      {16, 97, 1024, false, true, 1.0f, 1},   // CNN dense dx; N past the 4-row tile, padded
      {96, 13, 67, false, true, 0.5f, 3},     // the last row count for dot products, K past the vectors
      {97, 16, 64, false, true, 0.0f, 0},     // one row too many: packed again
      {95, 36, 64, false, false, 1.0f, 1},    // in place, odd row count
      {40, 30, 50, false, false, 0.0f, 2},    // few rows but N not a multiple of 4: B packed, last tile zero-padded
      {24, 45, 20, true, true, 0.5f, 1},      // few rows, both transposed, K < 64: B packed, no dot products
  };
  for (const GemmCase& c : cases) check_against_reference(c, rng);
}

TEST_CASE("gemm: empty products") {
  float c[6] = {1, 2, 3, 4, 5, 6};
  const float a[1] = {0}, b[1] = {0};
  // K = 0: C = beta * C.
  dl::gemm({Transpose::no, Transpose::no, 2, 3, 0, a, 1, b, 3, 0.5f, c, 3});
  CHECK(c[0] == 0.5f);
  CHECK(c[5] == 3.0f);
  dl::gemm({Transpose::no, Transpose::no, 2, 3, 0, a, 1, b, 3, 0.0f, c, 3});
  CHECK(c[0] == 0.0f);
  CHECK(c[5] == 0.0f);
  // M = 0 or N = 0: nothing is written.
  c[0] = 7.0f;
  dl::gemm({Transpose::no, Transpose::no, 0, 3, 2, a, 2, b, 3, 0.0f, c, 3});
  dl::gemm({Transpose::no, Transpose::no, 2, 0, 2, a, 2, b, 0, 0.0f, c, 1});
  CHECK(c[0] == 7.0f);
}

TEST_CASE("gemm: names its back end") {
  const std::string name = dl::gemm_backend_name();
  MESSAGE("gemm back end: " << name);
#if defined(__wasm_simd128__) && defined(DIGITLAB_HAVE_WASM_GEMM)
  CHECK((name == "wasm_simd128" || name == "wasm_relaxed_simd"));
#else
  CHECK(!name.empty());
#endif
}
