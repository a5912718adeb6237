// Lesson 1 (vectors, dot products, matrix multiplication): C = A x B one product at a time.
// Every running sum is computed by the engine's dl::matmul_cell, the function gemm_reference
// (and so the trainer's reference GEMM) is built on.
#pragma once
#include <vector>

#include "engine/gemm.h"
#include "engine/status.h"
#include "engine/tensor.h"
#include "lessons/step_model.h"

namespace dl::lessons {

// The workshop's three examples: [1,2,3].[2,4,6] (as a 1x3 times 3x1 product), the 2x2 product
// [[1,2],[3,4]] @ [[2,4],[6,8]], and the 2x3 @ 3x2 product [[1,2,3],[4,5,6]] @ [[7,8],[9,10],[11,12]].
enum class MatmulExample { dot_product, two_by_two, two_by_three };

struct MatmulOperands {
  Tensor a;  // [M, K]
  Tensor b;  // [K, N]
};
MatmulOperands workshop_operands(MatmulExample example);

struct MatmulStep {
  int row = 0, col = 0;             // output cell C[row][col]: row `row` of A . column `col` of B
  int term = 0;                     // the product being added: A[row][term] * B[term][col]
  std::vector<float> row_values;    // A[row][0..K-1], highlighted
  std::vector<float> col_values;    // B[0..K-1][col], highlighted
  std::vector<float> products;      // all K products of this cell; those after `term` are still to come
  std::vector<float> running_sums;  // running_sums[p] = products 0..p added up, for p = 0..term
  float running_sum = 0.0f;         // running_sums[term]
  bool cell_complete = false;       // `term` is the last product: running_sum is C[row][col]
};

enum class CellState { done, current, pending };

class MatmulLesson final : public StepModel {
 public:
  explicit MatmulLesson(MatmulExample example = MatmulExample::two_by_three);

  static constexpr LessonId kId = LessonId::matmul;
  LessonId id() const override { return kId; }
  int step_count() const override { return rows() * cols() * inner(); }  // one step per product
  // {lesson, step, steps, row, col, term, products, sum, cell_complete, result: C so far}
  std::string values_json() const override;
  std::string describe() const override;

  // Inputs. Editing keeps the current step; replacing the operands keeps it if still in range.
  void load_example(MatmulExample example);
  // Refuses (keeping the current matrices) unless A is [M, K] and B is [K, N], all sizes >= 1.
  Status set_operands(Tensor a, Tensor b);
  void set_a(int row, int col, float value);
  void set_b(int row, int col, float value);

  const Tensor& a() const { return a_; }
  const Tensor& b() const { return b_; }
  int rows() const { return a_.dim(0); }   // M
  int cols() const { return b_.dim(1); }   // N
  int inner() const { return a_.dim(1); }  // K, the length of each dot product

  const MatmulStep& current() const { return current_; }
  // C as far as the stepping has got: finished cells, the current cell's running sum, zeros after.
  const Tensor& result_so_far() const { return result_so_far_; }
  CellState cell_state(int row, int col) const;
  // The step that adds product `term` of cell (row, col); term = inner() - 1 completes the cell.
  int step_of(int row, int col, int term) const { return (row * cols() + col) * inner() + term; }

 private:
  void update_current_step() override;
  // GEMM arguments over the first `terms` products of every dot product (terms = K: all of them).
  GemmArgs gemm_args(int terms) const;

  Tensor a_, b_;
  MatmulStep current_;
  Tensor result_so_far_;
};

}  // namespace dl::lessons
