// MatmulLesson: each step adds one product to one output cell.
#include "lessons/matmul.h"

#include "engine/check.h"

namespace dl::lessons {

MatmulOperands workshop_operands(MatmulExample example) {
  switch (example) {
    case MatmulExample::dot_product:
      // v = [1 2 3], u = [2 4 6]: the dot product is the 1x1 product of a row and a column.
      return {Tensor({1, 3}, {1, 2, 3}), Tensor({3, 1}, {2, 4, 6})};
    case MatmulExample::two_by_two: return {Tensor({2, 2}, {1, 2, 3, 4}), Tensor({2, 2}, {2, 4, 6, 8})};
    case MatmulExample::two_by_three:
      return {Tensor({2, 3}, {1, 2, 3, 4, 5, 6}), Tensor({3, 2}, {7, 8, 9, 10, 11, 12})};
  }
  DL_CHECK(false && "unknown MatmulExample");
  return {};
}

MatmulLesson::MatmulLesson(MatmulExample example) {
  MatmulOperands operands = workshop_operands(example);
  a_ = std::move(operands.a);
  b_ = std::move(operands.b);
  refresh();
}

void MatmulLesson::load_example(MatmulExample example) {
  MatmulOperands operands = workshop_operands(example);
  const Status accepted = set_operands(std::move(operands.a), std::move(operands.b));
  DL_CHECK(accepted.is_ok());
}

Status MatmulLesson::set_operands(Tensor a, Tensor b) {
  if (a.rank() != 2 || b.rank() != 2) return Status::error("both operands must be matrices");
  if (a.dim(0) < 1 || a.dim(1) < 1 || b.dim(1) < 1) return Status::error("every matrix size must be at least 1");
  if (a.dim(1) != b.dim(0))
    return Status::error("A has " + std::to_string(a.dim(1)) + " columns but B has " + std::to_string(b.dim(0)) +
                         " rows; they must match");
  a_ = std::move(a);
  b_ = std::move(b);
  refresh();
  return Status::ok();
}

void MatmulLesson::set_a(int row, int col, float value) {
  DL_CHECK(row >= 0 && row < rows() && col >= 0 && col < inner());
  a_[static_cast<size_t>(row) * inner() + col] = value;
  refresh();
}

void MatmulLesson::set_b(int row, int col, float value) {
  DL_CHECK(row >= 0 && row < inner() && col >= 0 && col < cols());
  b_[static_cast<size_t>(row) * cols() + col] = value;
  refresh();
}

GemmArgs MatmulLesson::gemm_args(int terms) const {
  // matmul_cell adds products in order p = 0..k-1, so limiting k to `terms` (with the full
  // row strides) yields exactly the running sum after that many products.
  return {.m = rows(), .n = cols(), .k = terms, .a = a_.data(), .lda = inner(), .b = b_.data(), .ldb = cols()};
}

CellState MatmulLesson::cell_state(int row, int col) const {
  const int cell = row * cols() + col;
  const int current_cell = step() / inner();
  if (cell < current_cell) return CellState::done;
  return cell == current_cell ? CellState::current : CellState::pending;
}

void MatmulLesson::update_current_step() {
  const int K = inner(), N = cols();
  const int cell = step() / K;
  MatmulStep s;
  s.row = cell / N;
  s.col = cell % N;
  s.term = step() % K;
  for (int p = 0; p < K; ++p) {
    s.row_values.push_back(a_[static_cast<size_t>(s.row) * K + p]);
    s.col_values.push_back(b_[static_cast<size_t>(p) * N + s.col]);
    s.products.push_back(s.row_values.back() * s.col_values.back());
  }
  for (int p = 0; p <= s.term; ++p) s.running_sums.push_back(matmul_cell(gemm_args(p + 1), s.row, s.col));
  s.running_sum = s.running_sums.back();
  s.cell_complete = s.term == K - 1;
  current_ = std::move(s);

  result_so_far_ = Tensor({rows(), N});
  const GemmArgs full = gemm_args(K);
  for (int done = 0; done < cell; ++done)
    result_so_far_[static_cast<size_t>(done)] = matmul_cell(full, done / N, done % N);
  result_so_far_[static_cast<size_t>(cell)] = current_.running_sum;
}

std::string MatmulLesson::values_json() const {
  JsonWriter json = json_header();
  json.integer("row", current_.row)
      .integer("col", current_.col)
      .integer("term", current_.term)
      .numbers("products", current_.products)
      .number("sum", current_.running_sum)
      .boolean("cell_complete", current_.cell_complete)
      .matrix("result", result_so_far_);
  return json.finish();
}

std::string MatmulLesson::describe() const {
  const MatmulStep& s = current_;
  const std::string cell = "C[" + std::to_string(s.row) + "][" + std::to_string(s.col) + "]";
  const size_t terms = s.products.size();
  if (s.cell_complete)
    return cell + " = " + products_text(s.row_values, s.col_values, terms) + " = " + number_text(s.running_sum) +
           ": row " + std::to_string(s.row) + " of A times column " + std::to_string(s.col) + " of B.";
  return cell + " = " + products_text(s.row_values, s.col_values, terms) + "; product " + std::to_string(s.term + 1) +
         " of " + std::to_string(terms) + " is " + number_text(s.row_values[static_cast<size_t>(s.term)]) + "×" +
         number_text(s.col_values[static_cast<size_t>(s.term)]) + " = " +
         number_text(s.products[static_cast<size_t>(s.term)]) + ", running sum " + number_text(s.running_sum) + ".";
}

}  // namespace dl::lessons
