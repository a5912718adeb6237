// describe() reads numbers a student can hear: NaN and infinities in words, never JSON's null
// (which values_json() keeps for them).
#include <doctest/doctest.h>

#include <limits>
#include <string>

#include "lessons/matmul.h"
#include "lessons/step_model.h"

using namespace dl::lessons;

TEST_CASE("number_text: format_float's digits, and words where JSON has null") {
  CHECK(number_text(0.5f) == "0.5");
  CHECK(number_text(20.0f) == "20");
  CHECK(number_text(std::numeric_limits<float>::quiet_NaN()) == "NaN");
  CHECK(number_text(std::numeric_limits<float>::infinity()) == "infinity");
  CHECK(number_text(-std::numeric_limits<float>::infinity()) == "-infinity");
  CHECK(format_float(std::numeric_limits<float>::quiet_NaN()) == "null");
}

TEST_CASE("describe: a NaN or huge cell reads as NaN or infinity, values_json() says null") {
  MatmulLesson lesson;  // [[1,2,3],[4,5,6]] x [[7,8],[9,10],[11,12]]
  lesson.set_a(0, 0, std::numeric_limits<float>::quiet_NaN());
  lesson.set_step(2);  // cell (0, 0) complete: NaN×7 + 2×9 + 3×11
  const std::string words = lesson.describe();
  CAPTURE(words);
  CHECK(words.find("NaN×7") != std::string::npos);
  CHECK(words.find("null") == std::string::npos);
  CHECK(lesson.values_json().find("null") != std::string::npos);

  lesson.set_a(0, 0, 3e38f);
  lesson.set_b(0, 0, 3e38f);  // the product overflows
  CHECK(lesson.describe().find("infinity") != std::string::npos);
}
