// StepModel: the interface every lesson model shares, so the page and its automation API can
// drive any lesson alike — a step count, the current step, and a compact JSON of its numbers.
#pragma once
#include <string>
#include <vector>

#include "lessons/json_writer.h"
#include "lessons/registry.h"

namespace dl::lessons {

// A number in a sentence: format_float's shortest form, but "NaN", "infinity" and "-infinity"
// where JSON says null (a student may type 1e38 into a cell; describe() still reads).
std::string number_text(float value);
// "1×8 + 2×10 + 3×12": products of pairs, written as the lessons' sentences write them.
std::string products_text(const std::vector<float>& a, const std::vector<float>& b, size_t count);

class StepModel {
 public:
  virtual ~StepModel() = default;

  virtual LessonId id() const = 0;
  virtual int step_count() const = 0;  // may be 0 while a lesson has no data yet

  int step() const { return step_; }
  // Clamps to [0, step_count() - 1] (0 when there are no steps) and recomputes the current step.
  void set_step(int step);
  bool next_step();      // false (and no change) at the last step
  bool previous_step();  // false (and no change) at the first step

  // The current step's key values, e.g. {"lesson":"conv","step":17,"steps":676,...}.
  virtual std::string values_json() const = 0;
  // The current step in one or two sentences with its numbers, for a reader who cannot see the
  // picture, e.g. "C[0][1] = 1×8 + 2×10 + 3×12 = 64.".
  virtual std::string describe() const = 0;

 protected:
  StepModel() = default;
  StepModel(const StepModel&) = default;
  StepModel& operator=(const StepModel&) = default;

  // Rebuilds the lesson's current-step struct from step(); called on every step change.
  virtual void update_current_step() = 0;
  // For setters: the inputs changed, so re-clamp the step (the count may have changed) and
  // recompute. Derived constructors call this once at the end, when the object is complete.
  void refresh() { set_step(step_); }
  // A writer that already holds "lesson", "step" and "steps".
  JsonWriter json_header() const;

 private:
  int step_ = 0;
};

}  // namespace dl::lessons
