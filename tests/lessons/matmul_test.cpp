// The matmul lesson: the workshop's worked numbers, and stepping every product reproduces the
// engine's gemm_reference exactly.
#include "lessons/matmul.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/gemm.h"
#include "engine/random.h"

using namespace dl;
using namespace dl::lessons;

TEST_CASE("matmul lesson: [1,2,3].[2,4,6] = 28, one product per step") {
  MatmulLesson lesson(MatmulExample::dot_product);
  REQUIRE(lesson.step_count() == 3);
  const float products[] = {2, 8, 18}, sums[] = {2, 10, 28};
  for (int t = 0; t < 3; ++t) {
    lesson.set_step(t);
    const MatmulStep& s = lesson.current();
    CHECK(s.row == 0);
    CHECK(s.col == 0);
    CHECK(s.term == t);
    CHECK(s.products[static_cast<size_t>(t)] == products[t]);
    CHECK(s.running_sum == sums[t]);
    CHECK(s.running_sums.size() == static_cast<size_t>(t + 1));
    CHECK(s.cell_complete == (t == 2));
  }
  CHECK(lesson.result_so_far()[0] == 28.0f);
  CHECK(lesson.values_json() ==
        R"({"lesson":"matmul","step":2,"steps":3,"row":0,"col":0,"term":2,"products":[2,8,18],"sum":28,)"
        R"("cell_complete":true,"result":[[28]]})");
}

TEST_CASE("matmul lesson: [[1,2],[3,4]] @ [[2,4],[6,8]] = [[14,20],[30,44]]") {
  MatmulLesson lesson(MatmulExample::two_by_two);
  lesson.set_step(lesson.step_count() - 1);
  const float expected[] = {14, 20, 30, 44};
  for (size_t i = 0; i < 4; ++i) CHECK(lesson.result_so_far()[i] == expected[i]);
}

TEST_CASE("matmul lesson: the 2x3 @ 3x2 example fills in 58, 64, 139, 154 row by row") {
  MatmulLesson lesson(MatmulExample::two_by_three);
  REQUIRE(lesson.step_count() == 12);
  struct Cell {
    int row, col;
    std::vector<float> products;
    float value;
  };
  const Cell cells[] = {
      {0, 0, {7, 18, 33}, 58}, {0, 1, {8, 20, 36}, 64}, {1, 0, {28, 45, 66}, 139}, {1, 1, {32, 50, 72}, 154}};
  for (const Cell& cell : cells) {
    lesson.set_step(lesson.step_of(cell.row, cell.col, lesson.inner() - 1));
    const MatmulStep& s = lesson.current();
    CHECK(s.row == cell.row);
    CHECK(s.col == cell.col);
    CHECK(s.products == cell.products);
    CHECK(s.cell_complete);
    CHECK(s.running_sum == cell.value);
    CHECK(lesson.cell_state(cell.row, cell.col) == CellState::current);
  }
  // Halfway through cell (1, 0): the cells before it are done, the partial sum shows, the rest waits.
  lesson.set_step(lesson.step_of(1, 0, 1));
  CHECK(lesson.current().running_sum == 28.0f + 45.0f);
  CHECK(lesson.cell_state(0, 1) == CellState::done);
  CHECK(lesson.cell_state(1, 1) == CellState::pending);
  const float so_far[] = {58, 64, 73, 0};
  for (size_t i = 0; i < 4; ++i) CHECK(lesson.result_so_far()[i] == so_far[i]);
  CHECK(lesson.current().row_values == std::vector<float>{4, 5, 6});
  CHECK(lesson.current().col_values == std::vector<float>{7, 9, 11});
}

TEST_CASE("matmul lesson: stepping every product equals gemm_reference exactly (random operands)") {
  Rng rng(7);
  const int M = 5, K = 7, N = 4;
  Tensor a({M, K}), b({K, N});
  for (size_t i = 0; i < a.size(); ++i) a[i] = rng.uniform(-2, 2);
  for (size_t i = 0; i < b.size(); ++i) b[i] = rng.uniform(-2, 2);
  std::vector<float> reference(M * N);
  gemm_reference({Transpose::no, Transpose::no, M, N, K, a.data(), K, b.data(), N, 0.0f, reference.data(), N});

  MatmulLesson lesson;
  REQUIRE(lesson.set_operands(a, b).is_ok());
  REQUIRE(lesson.step_count() == M * N * K);
  std::vector<float> stepped(M * N, -1.0f);
  for (int t = 0; t < lesson.step_count(); ++t) {
    lesson.set_step(t);
    const MatmulStep& s = lesson.current();
    if (s.cell_complete) stepped[static_cast<size_t>(s.row * N + s.col)] = s.running_sum;
  }
  CHECK(stepped == reference);
  CHECK(lesson.result_so_far().values() == reference);
}

TEST_CASE("matmul lesson: editing a cell recomputes at once; mismatched shapes are refused") {
  MatmulLesson lesson(MatmulExample::two_by_two);
  lesson.set_step(lesson.step_of(0, 0, 1));
  CHECK(lesson.current().running_sum == 14.0f);
  lesson.set_a(0, 1, 3.0f);  // [[1,3],...]: 1*2 + 3*6
  CHECK(lesson.step() == lesson.step_of(0, 0, 1));
  CHECK(lesson.current().running_sum == 20.0f);
  lesson.set_b(0, 0, 0.0f);
  CHECK(lesson.current().running_sum == 18.0f);

  const Status refused = lesson.set_operands(Tensor({2, 3}), Tensor({2, 2}));
  CHECK_FALSE(refused.is_ok());
  CHECK(refused.message().find("3 columns") != std::string::npos);
  CHECK(lesson.inner() == 2);  // unchanged
  lesson.load_example(MatmulExample::dot_product);
  CHECK(lesson.step() == 1);  // still in range, so kept
  CHECK(lesson.current().running_sum == 10.0f);
}

TEST_CASE("matmul lesson: set_step clamps; next/previous stop at the ends") {
  MatmulLesson lesson(MatmulExample::dot_product);
  lesson.set_step(99);
  CHECK(lesson.step() == 2);
  CHECK_FALSE(lesson.next_step());
  lesson.set_step(-5);
  CHECK(lesson.step() == 0);
  CHECK_FALSE(lesson.previous_step());
  CHECK(lesson.next_step());
  CHECK(lesson.step() == 1);
}
