// General matrix multiply, the engine's one hot loop: C = op(A) * op(B) + beta * C, row-major.
// op(A) is M x K, op(B) is K x N; lda/ldb/ldc are row strides of the stored matrices.
// Natively the fast path is Eigen's GEMM; in the WebAssembly build it is a wasm_simd128
// micro-kernel (Eigen 3.4 has no WASM SIMD path). gemm_reference is the scalar reference,
// built on matmul_cell, the function for one output element that the lessons also call.
#pragma once
#include <cstddef>

namespace dl {

enum class Transpose { no, yes };

struct GemmArgs {
  Transpose trans_a = Transpose::no;
  Transpose trans_b = Transpose::no;
  int m = 0, n = 0, k = 0;
  const float* a = nullptr;
  int lda = 0;
  const float* b = nullptr;
  int ldb = 0;
  float beta = 0.0f;  // 0: overwrite C (C need not be initialised); 1: accumulate into C
  float* c = nullptr;
  int ldc = 0;
};

// One output element: sum over p of op(A)[i, p] * op(B)[p, j], accumulated in order p = 0..K-1.
float matmul_cell(const GemmArgs& args, int i, int j);

void gemm_reference(const GemmArgs& args);  // scalar, calls matmul_cell for every element
void gemm(const GemmArgs& args);            // fast path for this build

// Convenience for the common non-transposed, densely stored case.
inline void matmul(int m, int n, int k, const float* a, const float* b, float* c, float beta = 0.0f) {
  gemm({Transpose::no, Transpose::no, m, n, k, a, k, b, n, beta, c, n});
}

const char* gemm_backend_name();  // "eigen", "wasm_simd128", ...

}  // namespace dl
