// Fuzz target for edited lesson inputs: every lesson model's setters driven with any value (NaN,
// infinities, 1e38, denormals, any index or count the page could pass), stepping anywhere, and
// values_json() read after every edit and checked to be valid JSON with the right header, and
// describe() (the step in words) to be speakable text.
#include <climits>
#include <memory>
#include <string>
#include <vector>

#include "engine/layers.h"
#include "engine/sequential.h"
#include "fuzz_support.h"
#include "json_check.h"
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

namespace {

using namespace dl::lessons;

// A small CNN with the workshop's layer kinds (6 x 6 x 1 -> 3 classes), built once per process:
// what the dense, conv and inside lessons read from a model.
dl::Sequential& tiny_cnn() {
  static dl::Sequential model = [] {
    dl::Sequential m({6, 6, 1});
    m.add(dl::Conv2D(2, 3, dl::Activation::relu));
    m.add(dl::MaxPooling2D(2));
    m.add(dl::Flatten());
    m.add(dl::Dense(4, dl::Activation::sigmoid));
    m.add(dl::Dropout(0.2f));
    m.add(dl::Dense(3, dl::Activation::softmax));
    m.compile(dl::OptimizerConfig::defaults(dl::OptimizerKind::adam), 7);
    return m;
  }();
  return model;
}

// Three 4 x 5 images for the images and conv lessons, and a dataset with none.
const dl::Dataset& tiny_dataset() {
  static const dl::Dataset data = [] {
    dl::Dataset d;
    d.count = 3;
    d.rows = 4;
    d.cols = 5;
    for (int i = 0; i < 60; ++i) d.images.push_back(static_cast<uint8_t>(i * 37));
    d.labels = {1, 0, 9};
    d.source = "tiny";
    return d;
  }();
  return data;
}
const dl::Dataset& no_images() {
  static const dl::Dataset data;
  return data;
}

// An index in [0, n): the page only offers cells that exist.
int below(FuzzedDataProvider& in, int n) { return in.ConsumeIntegralInRange<int>(0, n - 1); }

// Any int, mostly small; the extremes and arbitrary values now and then.
int any_int(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange<int>(0, 7)) {
    case 0: return in.ConsumeBool() ? INT_MIN : INT_MAX;
    case 1: return in.ConsumeIntegral<int>();
    default: return in.ConsumeIntegralInRange<int>(-3, 40);
  }
}

std::vector<float> any_floats(FuzzedDataProvider& in, size_t n) {
  std::vector<float> values(n);
  for (float& v : values) v = fuzz::any_float(in);
  return values;
}

// A tensor of rank 0..4 and small dims (zero included), any values.
dl::Tensor any_tensor(FuzzedDataProvider& in) {
  dl::Shape shape(static_cast<size_t>(in.ConsumeIntegralInRange<int>(0, 4)));
  for (int& d : shape) d = in.ConsumeIntegralInRange<int>(0, 9);
  if (shape.size() == 4 && in.ConsumeBool()) shape[0] = 1;  // a batch of one, which the lessons accept
  const size_t n = dl::shape_size(shape);
  return dl::Tensor(shape, any_floats(in, n));
}

void check_json(const StepModel& lesson) {
  const std::string json = lesson.values_json();
  const std::string error = fuzz::json_error(json);
  FUZZ_CHECK(error.empty(), "%s: values_json() is not valid JSON (%s): %s", lesson_info(lesson.id()).slug,
             error.c_str(), json.substr(0, 2000).c_str());
  const std::string header = std::string("{\"lesson\":\"") + lesson_info(lesson.id()).slug +
                             "\",\"step\":" + std::to_string(lesson.step()) +
                             ",\"steps\":" + std::to_string(lesson.step_count());
  FUZZ_CHECK(fuzz::starts_with(json, header), "header: %s", json.substr(0, 200).c_str());
  FUZZ_CHECK(lesson.step() >= 0 && (lesson.step_count() == 0 ? lesson.step() == 0 : lesson.step() < lesson.step_count()),
             "%s: step %d of %d", lesson_info(lesson.id()).slug, lesson.step(), lesson.step_count());
  // The step in words, as a screen reader speaks it: text, and numbers in words a reader can say
  // (JSON's null for NaN or infinity means nothing there).
  const std::string words = lesson.describe();
  FUZZ_CHECK(fuzz::is_displayable_message(words, 4000), "%s: describe() is not displayable text: %s",
             lesson_info(lesson.id()).slug, words.substr(0, 2000).c_str());
  FUZZ_CHECK(words.find("null") == std::string::npos, "%s: describe() says null: %s", lesson_info(lesson.id()).slug,
             words.substr(0, 2000).c_str());
}

void check_status(const dl::Status& status) {
  if (!status) FUZZ_CHECK(fuzz::is_displayable_message(status.message()), "bad message: %s", status.message().c_str());
}

void step(FuzzedDataProvider& in, StepModel& lesson) {
  switch (in.ConsumeIntegralInRange<int>(0, 2)) {
    case 0: lesson.set_step(any_int(in)); break;
    case 1: lesson.next_step(); break;
    case 2: lesson.previous_step(); break;
  }
}

struct Lessons {
  MatmulLesson matmul;
  ImagesLesson images{tiny_dataset()};
  ImagesLesson empty_images{no_images()};
  PerceptronLesson perceptron;
  DenseLesson dense;
  CrossEntropyLesson crossentropy;
  DescentLesson descent;
  ConvLesson conv;
  ReluLesson relu;
  PoolLesson pool;
  DropoutLesson dropout;
  InsideLesson inside;
};

// One edit of one lesson; returns the lesson edited.
StepModel& edit(FuzzedDataProvider& in, Lessons& l) {
  switch (in.ConsumeIntegralInRange<int>(0, 11)) {
    case 0: {
      MatmulLesson& m = l.matmul;
      switch (in.ConsumeIntegralInRange<int>(0, 3)) {
        case 0: m.set_a(below(in, m.rows()), below(in, m.inner()), fuzz::any_float(in)); break;
        case 1: m.set_b(below(in, m.inner()), below(in, m.cols()), fuzz::any_float(in)); break;
        case 2: check_status(m.set_operands(any_tensor(in), any_tensor(in))); break;
        case 3: m.load_example(static_cast<MatmulExample>(in.ConsumeIntegralInRange<int>(0, 2))); break;
      }
      return m;
    }
    case 1: l.images.set_index(any_int(in)); return l.images;
    case 2: l.empty_images.set_index(any_int(in)); return l.empty_images;
    case 3: {
      PerceptronLesson& p = l.perceptron;
      switch (in.ConsumeIntegralInRange<int>(0, 7)) {
        case 0: p.set_neuron_input(in.ConsumeIntegralInRange<int>(0, 2), fuzz::any_float(in)); break;
        case 1: p.set_neuron_weight(in.ConsumeIntegralInRange<int>(0, 2), fuzz::any_float(in)); break;
        case 2: p.set_neuron_threshold(fuzz::any_float(in)); break;
        case 3: p.set_point_set(static_cast<PointSet>(in.ConsumeIntegralInRange<int>(0, 2))); break;
        case 4: p.set_point_count(any_int(in)); break;
        case 5: p.set_seed(in.ConsumeIntegral<uint64_t>()); break;
        case 6: p.set_learning_rate(fuzz::any_float(in)); break;
        case 7: p.set_max_epochs(any_int(in)); break;
      }
      FUZZ_CHECK(!p.verdict().empty(), "no verdict");
      return p;
    }
    case 4: {
      DenseLesson& d = l.dense;
      switch (in.ConsumeIntegralInRange<int>(0, 3)) {
        case 0: d.set_input(below(in, d.input_count()), fuzz::any_float(in)); break;
        case 1:
          d.set_weight(below(in, d.input_count()), below(in, d.units()), fuzz::any_float(in));
          break;
        case 2: d.load_workshop_example(); break;
        case 3: {
          const size_t n = in.ConsumeBool() ? 36 : in.ConsumeIntegralInRange<size_t>(0, 40);
          check_status(d.load_from_model(tiny_cnn(), any_floats(in, n), in.ConsumeIntegralInRange<int>(-2, 7)));
          break;
        }
      }
      FUZZ_CHECK(d.predicted_class() >= 0 && d.predicted_class() < d.units(), "predicted %d", d.predicted_class());
      return d;
    }
    case 5: {
      CrossEntropyLesson& c = l.crossentropy;
      if (in.ConsumeBool()) c.set_digit(any_int(in));
      else c.set_probability(fuzz::any_float(in));
      return c;
    }
    case 6: {
      DescentLesson& d = l.descent;
      switch (in.ConsumeIntegralInRange<int>(0, 4)) {
        case 0: d.set_surface(static_cast<LossSurface>(in.ConsumeIntegralInRange<int>(0, 2))); break;
        case 1: d.set_start({fuzz::any_float(in), fuzz::any_float(in)}); break;
        case 2: d.set_learning_rate(fuzz::any_float(in)); break;
        case 3: d.set_momentum(fuzz::any_float(in)); break;
        case 4: d.set_iterations(any_int(in)); break;
      }
      return d;
    }
    case 7: {
      ConvLesson& c = l.conv;
      switch (in.ConsumeIntegralInRange<int>(0, 4)) {
        case 0: check_status(c.set_image(any_tensor(in))); break;
        case 1: c.set_image(tiny_dataset(), in.ConsumeIntegralInRange<int>(0, tiny_dataset().count - 1)); break;
        case 2: c.set_kernel(static_cast<ConvKernelChoice>(in.ConsumeIntegralInRange<int>(0, 4))); break;
        case 3: {
          static const char* const kParams[] = {"conv2d_1.kernel", "conv2d_1.bias", "dense_1.kernel", "no_such"};
          check_status(c.set_learned_kernel(tiny_cnn(), any_int(in), kParams[in.ConsumeIntegralInRange<int>(0, 3)]));
          break;
        }
        case 4: c.set_kernel_weight(below(in, 3), below(in, 3), fuzz::any_float(in)); break;
      }
      return c;
    }
    case 8: {
      if (in.ConsumeBool()) {
        check_status(l.relu.set_feature_maps(any_tensor(in), any_int(in)));
      } else {
        check_status(l.relu.set_feature_maps(l.conv.feature_map()));  // as the page chains them
      }
      return l.relu;
    }
    case 9: {
      PoolLesson& p = l.pool;
      if (in.ConsumeBool()) check_status(p.set_feature_maps(any_tensor(in), any_int(in)));
      else check_status(p.set_channel(any_int(in)));
      return p;
    }
    case 10: {
      DropoutLesson& d = l.dropout;
      switch (in.ConsumeIntegralInRange<int>(0, 3)) {
        case 0: d.set_rate(fuzz::any_float(in)); break;
        case 1: d.set_training(in.ConsumeBool()); break;
        case 2: d.set_seed(in.ConsumeIntegral<uint64_t>()); break;
        case 3: d.set_activations(any_floats(in, in.ConsumeIntegralInRange<size_t>(1, 64))); break;
      }
      return d;
    }
    default: {
      const size_t n = in.ConsumeBool() ? 36 : in.ConsumeIntegralInRange<size_t>(0, 40);
      check_status(l.inside.run(tiny_cnn(), any_floats(in, n)));
      return l.inside;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  // Every input starts from the lessons as the page opens them (copied: cheaper than building).
  static const Lessons fresh;
  auto lessons = std::make_unique<Lessons>(fresh);
  for (int edits = 0; edits < 32 && in.remaining_bytes() > 0; ++edits) {
    StepModel& lesson = edit(in, *lessons);
    check_json(lesson);
    for (int steps = in.ConsumeIntegralInRange<int>(0, 3); steps > 0; --steps) {
      step(in, lesson);
      check_json(lesson);
    }
  }
  return 0;
}
