// The dropout lesson: masks from Dropout::keeps, outputs equal to the Dropout layer's, a new
// mask each training step, and nothing dropped at test time.
#include "lessons/dropout.h"

#include <doctest/doctest.h>

#include "engine/layers.h"

using namespace dl;
using namespace dl::lessons;

TEST_CASE("dropout lesson: the mask is Dropout::keeps, survivors scaled by 1/(1 - rate)") {
  DropoutLesson lesson;
  const std::vector<float>& a = lesson.activations();
  REQUIRE(a.size() == 16);
  for (float v : a) CHECK((v > 0.0f && v < 1.0f));  // sigmoid activations
  CHECK(lesson.rate() == 0.2f);

  for (int t = 0; t < 5; ++t) {
    lesson.set_step(t);
    const DropoutStep& s = lesson.current();
    const ForwardContext context{true, lesson.seed(), static_cast<uint64_t>(t), 0, 0};
    CHECK(s.scale == doctest::Approx(1.25));
    int kept = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      const bool keeps = Dropout::keeps(0.2f, context, 0, static_cast<int64_t>(i));
      CHECK(static_cast<bool>(s.kept[i]) == keeps);
      CHECK(s.outputs[i] == (keeps ? a[i] * (1.0f / (1.0f - 0.2f)) : 0.0f));
      kept += keeps ? 1 : 0;
    }
    CHECK(s.kept_count == kept);
  }
}

TEST_CASE("dropout lesson: each training step draws a new mask; the seed fixes them all") {
  DropoutLesson lesson;
  lesson.set_rate(0.5f);
  int differing_steps = 0;
  long long kept_total = 0;
  lesson.set_step(0);
  std::vector<uint8_t> previous = lesson.current().kept;
  for (int t = 1; t < lesson.step_count(); ++t) {
    lesson.set_step(t);
    differing_steps += lesson.current().kept != previous ? 1 : 0;
    previous = lesson.current().kept;
    kept_total += lesson.current().kept_count;
  }
  CHECK(differing_steps > 90);
  const double kept_fraction = static_cast<double>(kept_total) / (16.0 * (lesson.step_count() - 1));
  CHECK(kept_fraction == doctest::Approx(0.5).epsilon(0.1));

  lesson.set_step(3);
  const std::vector<uint8_t> mask = lesson.current().kept;
  lesson.set_seed(99);
  CHECK(lesson.current().kept != mask);
  lesson.set_seed(1);
  CHECK(lesson.current().kept == mask);
}

TEST_CASE("dropout lesson: at test time every neuron is kept and nothing is scaled") {
  DropoutLesson lesson;
  lesson.set_training(false);
  lesson.set_step(7);
  CHECK(lesson.current().kept_count == 16);
  CHECK(lesson.current().scale == 1.0f);
  CHECK(lesson.current().outputs == lesson.activations());
  CHECK(lesson.values_json().find(R"("training":false,"rate":0.2,"scale":1,"neurons":16,"kept_count":16)") !=
        std::string::npos);

  lesson.set_training(true);
  lesson.set_activations({1, 2, 3, 4});
  lesson.set_rate(0.0f);
  CHECK(lesson.current().outputs == std::vector<float>{1, 2, 3, 4});
  lesson.set_rate(5.0f);
  CHECK(lesson.rate() == 0.9f);
}
