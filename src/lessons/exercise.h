// Predict, then step: at chosen steps a lesson asks for what the next step will show before it
// shows it — the next running sum, the perceptron's output, the loss of a probability, a descent
// step, a convolution pixel, the cell max pooling keeps... The answer is read from the lesson's own
// model at the next step (the engine's value), so the check is exact; a number is right within a
// tolerance that allows rounding.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lessons/step_model.h"

namespace dl::lessons {

struct Question {
  std::string prompt;                // "C[0][1] = row 0 of A . column 1 of B. What will it be?"
  // A number to type, or one of `choices` to pick (then `answer` is the right choice's index).
  std::vector<std::string> choices;  // empty: a number
  float answer = 0.0f;               // the engine's value (or the right choice)
  float tolerance = 0.0f;            // a number within answer ± tolerance is right
  std::string hint;                  // the formula with the numbers filled in, without the result
  std::string solution;              // the same with the result: "1×8 + 2×10 + 3×12 = 64"
  int reveal_step = 0;               // the step that shows the answer (the next one)

  bool is_number() const { return choices.empty(); }
  // Whether `typed` (a number, "3.5", "-0.25", "1e-3", "1,234") is right; false if it is no number.
  bool accepts(std::string_view typed) const;
  bool accepts_choice(int choice) const { return !is_number() && choice == static_cast<int>(answer); }
  // The answer as the page writes it: the number (shortest form) or the right choice's words.
  std::string answer_text() const;
};

// The number a student typed ("1,234.5" and "  -0.25 " read; anything else: nullopt).
std::optional<float> parse_typed_number(std::string_view typed);

// The question the lesson asks before it steps from its current step to the next, or nullopt when
// this step is not one it asks at (most steps are not: the questions come at the steps that teach).
std::optional<Question> question_before_next_step(const StepModel& lesson);

}  // namespace dl::lessons
