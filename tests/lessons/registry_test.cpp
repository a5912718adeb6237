// The lesson registry (workshop order, unique ids) and the deep-link parser.
#include "lessons/registry.h"

#include "engine/dataset.h"
#include "lessons/step_model.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace dl::lessons;

TEST_CASE("registry: eleven lessons in the workshop's order with unique deep-link ids") {
  const auto lessons = all_lessons();
  REQUIRE(lessons.size() == 11);
  const char* expected[] = {"matmul", "images", "perceptron", "dense",   "crossentropy", "descent",
                            "conv",   "relu",   "pool",       "dropout", "inside"};
  std::set<std::string> slugs;
  for (size_t i = 0; i < lessons.size(); ++i) {
    CHECK(std::string(lessons[i].slug) == expected[i]);
    CHECK(static_cast<size_t>(lessons[i].id) == i);
    CHECK(std::string(lessons[i].title).size() > 3);
    CHECK(&lesson_info(lessons[i].id) == &lessons[i]);
    CHECK(lesson_from_slug(lessons[i].slug) == lessons[i].id);
    slugs.insert(lessons[i].slug);
  }
  CHECK(slugs.size() == lessons.size());
  CHECK_FALSE(lesson_from_slug("convolution").has_value());
}

TEST_CASE("registry: every row makes its own lesson's model, with text for the list and the heading") {
  const dl::Dataset digits = [] {
    dl::Dataset d;
    d.count = 2;
    d.rows = d.cols = 28;
    d.images.assign(2 * 28 * 28, 0);
    d.labels = {3, 7};
    return d;
  }();
  for (const LessonInfo& info : all_lessons()) {
    CAPTURE(info.slug);
    CHECK(std::string(info.short_title).size() > 2);
    CHECK(std::string(info.explanation).size() > 80);
    const std::unique_ptr<StepModel> model = info.make_model(LessonInputs{&digits});
    REQUIRE(model);
    CHECK(model->id() == info.id);
    if (info.needs_training_set) CHECK(info.make_model(LessonInputs{}) == nullptr);  // waits for the data
    else CHECK(info.make_model(LessonInputs{}) != nullptr);
  }
}

TEST_CASE("deep links: well-formed links") {
  auto link = parse_deep_link("#conv/step=17");
  REQUIRE(link);
  CHECK(link->lesson == LessonId::conv);
  CHECK(link->step == 17);

  link = parse_deep_link("#matmul");
  REQUIRE(link);
  CHECK(link->lesson == LessonId::matmul);
  CHECK_FALSE(link->step.has_value());

  CHECK(parse_deep_link("pool/step=3")->step == 3);
  CHECK(parse_deep_link("#/pool/step=3")->lesson == LessonId::pool);
  CHECK(parse_deep_link("#pool?step=4")->step == 4);
  CHECK(parse_deep_link("  #Dense/STEP=2 ")->lesson == LessonId::dense);
  CHECK(parse_deep_link("  #Dense/STEP=2 ")->step == 2);
  CHECK(parse_deep_link("http://localhost:8000/index.html#descent/step=40")->step == 40);
  CHECK(parse_deep_link("#conv/zoom=2/step=9")->step == 9);
  CHECK(parse_deep_link("#conv/step=0")->step == 0);
  CHECK(parse_deep_link("#inside/")->lesson == LessonId::inside);
}

TEST_CASE("deep links: junk is refused or ignored, never guessed at") {
  CHECK_FALSE(parse_deep_link(""));
  CHECK_FALSE(parse_deep_link("#"));
  CHECK_FALSE(parse_deep_link("#/"));
  CHECK_FALSE(parse_deep_link("#nosuchlesson/step=1"));
  CHECK_FALSE(parse_deep_link("#conv2/step=1"));
  CHECK_FALSE(parse_deep_link("#step=3"));

  // A known lesson with a malformed step still opens the lesson, without a step.
  for (const char* bad : {"#conv/step=", "#conv/step=-3", "#conv/step=12abc", "#conv/step=+5", "#conv/step=1.5",
                          "#conv/step=99999999999999999999", "#conv/step", "#conv/step=%31"}) {
    INFO(bad);
    auto link = parse_deep_link(bad);
    REQUIRE(link);
    CHECK(link->lesson == LessonId::conv);
    CHECK_FALSE(link->step.has_value());
  }
  // The first step= decides; a later one does not override a malformed first.
  CHECK_FALSE(parse_deep_link("#conv/step=x/step=4")->step.has_value());
}

TEST_CASE("deep links: make_deep_link round-trips through the parser") {
  for (const LessonInfo& info : all_lessons()) {
    const std::string text = make_deep_link(info.id, 17);
    auto link = parse_deep_link(text);
    REQUIRE(link);
    CHECK(link->lesson == info.id);
    CHECK(link->step == 17);
  }
  CHECK(make_deep_link(LessonId::conv, 17) == "#conv/step=17");
}

TEST_CASE("every lesson tells its step in words with the step's numbers") {
  const dl::Dataset digits = [] {
    dl::Dataset d;
    d.count = 1;
    d.rows = d.cols = 28;
    d.images.assign(28 * 28, 0);
    d.images[14 * 28 + 14] = 255;
    d.labels = {3};
    return d;
  }();
  for (const LessonInfo& info : all_lessons()) {
    CAPTURE(info.slug);
    std::unique_ptr<StepModel> model = info.make_model(LessonInputs{&digits});
    for (int step : {0, 1, model->step_count() - 1}) {
      model->set_step(step);
      const std::string text = model->describe();
      CAPTURE(text);
      CHECK(text.size() > 20);
      CHECK(text.back() == '.');
    }
  }
  std::unique_ptr<StepModel> matmul = lesson_info(LessonId::matmul).make_model({});
  matmul->set_step(5);  // the 2x3 example's C[0][1], complete
  CHECK(matmul->describe().rfind("C[0][1] = 1×8 + 2×10 + 3×12 = 64", 0) == 0);
}
