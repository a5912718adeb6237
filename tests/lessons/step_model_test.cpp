// Every lesson through the uniform StepModel interface, as the page's automation API drives
// them: ids in registry order, clamped stepping, a JSON header naming lesson and step.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "lessons/conv.h"
#include "lessons/crossentropy.h"
#include "lessons/dense.h"
#include "lessons/descent.h"
#include "lessons/dropout.h"
#include "lessons/images.h"
#include "lessons/inside.h"
#include "lessons/matmul.h"
#include "lessons/perceptron.h"
#include "lessons/pool.h"
#include "lessons/relu.h"

using namespace dl;
using namespace dl::lessons;

TEST_CASE("step models: one per registry entry, all driven alike") {
  const Dataset no_data;  // lessons that browse data must cope before it has loaded
  std::vector<std::unique_ptr<StepModel>> lessons;
  lessons.push_back(std::make_unique<MatmulLesson>());
  lessons.push_back(std::make_unique<ImagesLesson>(no_data));
  lessons.push_back(std::make_unique<PerceptronLesson>());
  lessons.push_back(std::make_unique<DenseLesson>());
  lessons.push_back(std::make_unique<CrossEntropyLesson>());
  lessons.push_back(std::make_unique<DescentLesson>());
  lessons.push_back(std::make_unique<ConvLesson>());
  lessons.push_back(std::make_unique<ReluLesson>());
  lessons.push_back(std::make_unique<PoolLesson>());
  lessons.push_back(std::make_unique<DropoutLesson>());
  lessons.push_back(std::make_unique<InsideLesson>());
  REQUIRE(lessons.size() == all_lessons().size());

  for (size_t i = 0; i < lessons.size(); ++i) {
    StepModel& lesson = *lessons[i];
    const LessonInfo& info = all_lessons()[i];
    INFO(info.slug);
    CHECK(lesson.id() == info.id);

    // A deep link's step goes straight to set_step, which clamps whatever it is given.
    const std::optional<DeepLink> link = parse_deep_link(std::string("#") + info.slug + "/step=100000");
    REQUIRE(link);
    lesson.set_step(*link->step);
    const int last = std::max(0, lesson.step_count() - 1);
    CHECK(lesson.step() == last);
    CHECK_FALSE(lesson.next_step());
    lesson.set_step(-1);
    CHECK(lesson.step() == 0);

    const std::string json = lesson.values_json();
    const std::string header =
        std::string(R"({"lesson":")") + info.slug + R"(","step":0,"steps":)" + std::to_string(lesson.step_count());
    CHECK(json.rfind(header, 0) == 0);
    CHECK(json.back() == '}');
    CHECK(json.size() < 1000);  // compact
  }
}
