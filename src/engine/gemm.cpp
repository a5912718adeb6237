// GEMM: the scalar reference (built on matmul_cell) and the fast path for this build.
#include "engine/gemm.h"

#include <Eigen/Core>

#include "engine/check.h"

namespace dl {

namespace {
inline float element_a(const GemmArgs& g, int i, int p) {
  return g.trans_a == Transpose::no ? g.a[static_cast<size_t>(i) * g.lda + p]
                                    : g.a[static_cast<size_t>(p) * g.lda + i];
}
inline float element_b(const GemmArgs& g, int p, int j) {
  return g.trans_b == Transpose::no ? g.b[static_cast<size_t>(p) * g.ldb + j]
                                    : g.b[static_cast<size_t>(j) * g.ldb + p];
}
}  // namespace

float matmul_cell(const GemmArgs& g, int i, int j) {
  float sum = 0.0f;
  for (int p = 0; p < g.k; ++p) sum += element_a(g, i, p) * element_b(g, p, j);
  return sum;
}

void gemm_reference(const GemmArgs& g) {
  for (int i = 0; i < g.m; ++i) {
    for (int j = 0; j < g.n; ++j) {
      float& c = g.c[static_cast<size_t>(i) * g.ldc + j];
      const float product = matmul_cell(g, i, j);
      c = g.beta == 0.0f ? product : g.beta * c + product;
    }
  }
}

#if defined(__wasm_simd128__)
void gemm_wasm_simd128(const GemmArgs& g);  // gemm_wasm_simd128.cpp, in the program's build of it
const char* gemm_wasm_kernel_name();        // "wasm_simd128" or "wasm_relaxed_simd"
#endif

namespace {
using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMap = Eigen::Map<const RowMajor, Eigen::Unaligned, Eigen::OuterStride<>>;
using Map = Eigen::Map<RowMajor, Eigen::Unaligned, Eigen::OuterStride<>>;

[[maybe_unused]] void gemm_eigen(const GemmArgs& g) {
  // A transposed operand is stored K x M (or N x K); map it as stored and let Eigen transpose.
  const int a_rows = g.trans_a == Transpose::no ? g.m : g.k;
  const int a_cols = g.trans_a == Transpose::no ? g.k : g.m;
  const int b_rows = g.trans_b == Transpose::no ? g.k : g.n;
  const int b_cols = g.trans_b == Transpose::no ? g.n : g.k;
  ConstMap a(g.a, a_rows, a_cols, Eigen::OuterStride<>(g.lda));
  ConstMap b(g.b, b_rows, b_cols, Eigen::OuterStride<>(g.ldb));
  Map c(g.c, g.m, g.n, Eigen::OuterStride<>(g.ldc));
  auto run = [&](const auto& lhs, const auto& rhs) {
    if (g.beta == 0.0f) {
      c.noalias() = lhs * rhs;
    } else {
      if (g.beta != 1.0f) c *= g.beta;
      c.noalias() += lhs * rhs;
    }
  };
  const bool ta = g.trans_a == Transpose::yes, tb = g.trans_b == Transpose::yes;
  if (!ta && !tb) run(a, b);
  else if (ta && !tb) run(a.transpose(), b);
  else if (!ta && tb) run(a, b.transpose());
  else run(a.transpose(), b.transpose());
}
}  // namespace

void gemm(const GemmArgs& g) {
  DL_CHECK(g.m >= 0 && g.n >= 0 && g.k >= 0);
  if (g.m == 0 || g.n == 0) return;
  if (g.k == 0) {
    for (int i = 0; i < g.m; ++i)
      for (int j = 0; j < g.n; ++j) {
        float& c = g.c[static_cast<size_t>(i) * g.ldc + j];
        c = g.beta == 0.0f ? 0.0f : g.beta * c;
      }
    return;
  }
#if defined(__wasm_simd128__) && defined(DIGITLAB_HAVE_WASM_GEMM)
  gemm_wasm_simd128(g);
#else
  gemm_eigen(g);
#endif
}

const char* gemm_backend_name() {
#if defined(__wasm_simd128__) && defined(DIGITLAB_HAVE_WASM_GEMM)
  return gemm_wasm_kernel_name();
#elif defined(__wasm__)
  return "eigen-scalar-wasm";
#else
  return "eigen";
#endif
}

}  // namespace dl
