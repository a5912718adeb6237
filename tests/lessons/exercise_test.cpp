// Predict, then step: every lesson's questions carry the value its next step shows (the engine's),
// accept it as typed back, refuse a clearly wrong number, and fill their formula with the numbers.
#include "lessons/exercise.h"

#include <doctest/doctest.h>

#include <cmath>
#include <memory>
#include <string>

#include "engine/workshop_models.h"
#include "lessons/conv.h"
#include "lessons/crossentropy.h"
#include "lessons/dense.h"
#include "lessons/descent.h"
#include "lessons/dropout.h"
#include "lessons/feature_maps.h"
#include "lessons/images.h"
#include "lessons/inside.h"
#include "lessons/matmul.h"
#include "lessons/perceptron.h"
#include "lessons/pool.h"
#include "lessons/relu.h"
#include "mnist_for_tests.h"

using namespace dl;
using namespace dl::lessons;

namespace {

// Walks the lesson's first `max_steps` steps, checking each question; returns how many it asked.
int check_questions(StepModel& lesson, int max_steps) {
  int asked = 0;
  const int last = std::min(lesson.step_count() - 1, max_steps);
  for (int step = 0; step < last; ++step) {
    lesson.set_step(step);
    const std::optional<Question> q = question_before_next_step(lesson);
    if (!q) continue;
    ++asked;
    INFO(std::string(lesson_info(lesson.id()).slug), " step ", step, ": ", q->prompt);
    CHECK(lesson.step() == step);  // asking moved nothing
    CHECK(q->reveal_step == step + 1);
    CHECK_FALSE(q->prompt.empty());
    CHECK_FALSE(q->hint.empty());
    CHECK(q->solution.find(q->hint) == 0);  // the hint, then the result
    if (q->is_number()) {
      CHECK(q->tolerance >= 0.0f);
      CHECK(q->accepts(number_text(q->answer)));
      CHECK_FALSE(q->accepts(number_text(q->answer * 1.01f + 3 * q->tolerance + 1.0f)));
      CHECK_FALSE(q->accepts("seven"));
    } else {
      REQUIRE(q->answer >= 0.0f);
      REQUIRE(q->answer < float(q->choices.size()));
      CHECK(q->accepts_choice(int(q->answer)));
      CHECK_FALSE(q->accepts_choice(int(q->answer) == 0 ? 1 : 0));
      CHECK(q->answer_text() == q->choices[size_t(q->answer)]);
    }
  }
  return asked;
}

}  // namespace

TEST_CASE("exercise: typed numbers read as a student writes them") {
  CHECK(parse_typed_number("64") == 64.0f);
  CHECK(parse_typed_number(" -0.25 ") == -0.25f);
  CHECK(parse_typed_number("+1e-3") == doctest::Approx(0.001f));
  CHECK(parse_typed_number("47,040,000") == 47040000.0f);
  CHECK(parse_typed_number("\xE2\x88\x92" "2.5") == -2.5f);  // a typographic minus
  CHECK_FALSE(parse_typed_number(""));
  CHECK_FALSE(parse_typed_number("1.2.3"));
  CHECK_FALSE(parse_typed_number("abc"));
  CHECK_FALSE(parse_typed_number("inf"));
}

TEST_CASE("exercise: matrix multiplication asks each cell's value, the engine's running sum") {
  MatmulLesson m(MatmulExample::two_by_three);
  CHECK(check_questions(m, m.step_count()) == 4);  // one question per cell of the 2 x 2 result
  m.set_step(1);
  const std::optional<Question> q = question_before_next_step(m);
  REQUIRE(q);
  CHECK(q->answer == 58.0f);  // 1×7 + 2×9 + 3×11
  CHECK(q->hint == "C[0][0] = 1×7 + 2×9 + 3×11");
  CHECK(q->solution == "C[0][0] = 1×7 + 2×9 + 3×11 = 58");
  m.set_step(q->reveal_step);
  CHECK(m.current().running_sum == q->answer);
  CHECK_FALSE(question_before_next_step(MatmulLesson(MatmulExample::two_by_three)));  // step 0: the cell is not done next
}

TEST_CASE("exercise: every other lesson asks, and each answer is its next step's value") {
  SUBCASE("perceptron: the output, and whether the line moves") {
    PerceptronLesson p;
    CHECK(check_questions(p, 40) >= 5);
    p.set_step(0);
    const std::optional<Question> q = question_before_next_step(p);
    REQUIRE(q);
    p.set_step(1);
    CHECK(q->answer == (p.current().output.output > 0 ? 0.0f : 1.0f));
  }
  SUBCASE("dense: z, the activation, and the neuron softmax picks") {
    DenseLesson d;
    CHECK(check_questions(d, d.step_count()) == d.step_count() - 1);
    d.set_step(0);
    const std::optional<Question> q = question_before_next_step(d);
    REQUIRE(q);
    d.set_step(1);
    CHECK(q->answer == d.current().pre_activation);
    d.set_step(d.step_count() - 2);
    const std::optional<Question> last = question_before_next_step(d);
    REQUIRE(last);
    CHECK_FALSE(last->is_number());
    CHECK(last->answer == float(d.predicted_class()));
  }
  SUBCASE("cross-entropy: -log(p), the workshop's 0.6931 at p = 0.5") {
    CrossEntropyLesson c;
    CHECK(check_questions(c, c.step_count()) == 7);
    c.set_step(49);
    const std::optional<Question> q = question_before_next_step(c);
    REQUIRE(q);
    CHECK(q->answer == doctest::Approx(0.6931f).epsilon(0.001));
    CHECK(q->accepts("0.69"));
    CHECK_FALSE(q->accepts("0.5"));
  }
  SUBCASE("gradient descent: the next w, w - lr × slope") {
    DescentLesson d(LossSurface::convex_1d);
    CHECK(check_questions(d, 60) >= 5);
    d.set_step(0);
    const std::optional<Question> q = question_before_next_step(d);
    REQUIRE(q);
    const DescentPoint now = d.at_current_step(0);
    CHECK(q->answer == doctest::Approx(now.w[0] - d.learning_rate() * now.gradient[0]).epsilon(1e-4));
  }
  SUBCASE("convolution, ReLU and pooling on a real digit") {
    const Dataset train = lesson_tests::load_mnist_or_fail("train");
    ConvLesson conv;
    conv.set_image(train, 0);
    CHECK(check_questions(conv, conv.step_count()) >= 5);
    ReluLesson relu;
    REQUIRE(relu.set_feature_maps(conv.feature_map()).is_ok());
    CHECK(check_questions(relu, relu.step_count()) >= 5);
    PoolLesson pool;
    REQUIRE(pool.set_feature_maps(relu.after()).is_ok());
    CHECK(check_questions(pool, pool.step_count()) >= 5);
    pool.set_step(0);
    const std::optional<Question> shape = question_before_next_step(pool);
    REQUIRE(shape);
    CHECK(shape->answer == 13.0f);  // 26 / 2
    ImagesLesson images(train);
    CHECK(check_questions(images, 5) == 2);
    images.set_step(1);
    CHECK(question_before_next_step(images)->answer == 47040000.0f);
  }
  SUBCASE("dropout: how many this step zeroes, within what a fair coin makes likely") {
    DropoutLesson d;
    CHECK(check_questions(d, d.step_count()) >= 5);
    d.set_step(0);
    const std::optional<Question> q = question_before_next_step(d);
    REQUIRE(q);
    CHECK(q->answer == doctest::Approx(16 * 0.2));  // expected: 16 neurons at the workshop's rate 0.2
    CHECK(q->accepts("3"));
    d.set_step(1);
    const int dropped = int(d.current().kept.size()) - d.current().kept_count;
    CHECK(q->solution.find("dropped " + std::to_string(dropped)) != std::string::npos);
    d.set_training(false);
    d.set_step(0);
    const std::optional<Question> test_time = question_before_next_step(d);
    REQUIRE(test_time);
    CHECK(test_time->answer == 0.0f);
  }
  SUBCASE("inside the CNN: the shapes after each convolution and pooling") {
    const Dataset test = lesson_tests::load_mnist_or_fail("t10k");
    Sequential cnn = make_workshop_cnn();
    cnn.compile(OptimizerConfig::defaults(OptimizerKind::adam), 11);
    InsideLesson inside;
    CHECK_FALSE(question_before_next_step(inside));  // nothing run yet
    REQUIRE(inside.run(cnn, digit_image(test, 0).values()).is_ok());
    // 26→24, 24→12, 12→10, 10→8, 8→4, and Flatten's 4 x 4 x 64 = 1024
    CHECK(check_questions(inside, inside.step_count()) == 6);
    inside.set_step(1);
    CHECK(question_before_next_step(inside)->answer == 12.0f);
  }
}
