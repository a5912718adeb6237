// Commands::edit_lesson: a lesson's own inputs, applied to the session's lesson models (see
// state/lesson_edits.h). Each edit goes to its lesson's model, made if needed; an edit that needs
// what is missing (the MNIST digits, a live CNN) is refused with the reason.
#include <algorithm>
#include <span>

#include "app/commands/commands.h"
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

namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

const dl::Status kNoData = dl::Status::error("the MNIST digits are still loading");
const dl::Status kNoModel = dl::Status::error("there is no trained network yet");

}  // namespace

dl::Status Commands::edit_lesson(const LessonEdit& edit) {
  using namespace lesson_edit;
  namespace lessons = dl::lessons;
  Session& s = session_;
  ++s.exercises.lesson_inputs_version;  // the question asked may be about the old numbers
  LessonNavigation& nav = s.lessons;
  const auto& train = s.data.train;
  auto live_model = [&]() -> dl::Sequential* { return s.live.ready() ? s.live.model.get() : nullptr; };

  return std::visit(
      Overloaded{
          [&](const MatmulCell& e) {
            auto* m = nav.get<lessons::MatmulLesson>(train);
            if (e.in_a) m->set_a(e.row, e.col, e.value);
            else m->set_b(e.row, e.col, e.value);
            return dl::Status::ok();
          },
          [&](const MatmulExample& e) {
            auto* m = nav.get<lessons::MatmulLesson>(train);
            m->load_example(e.example);
            if (e.restart) m->set_step(0);  // a new example starts from its first product
            return dl::Status::ok();
          },
          [&](const ImageIndex& e) {
            auto* m = nav.get<lessons::ImagesLesson>(train);
            if (!m) return kNoData;
            m->set_index(e.index);
            return dl::Status::ok();
          },
          [&](const NeuronInput& e) {
            nav.get<lessons::PerceptronLesson>(train)->set_neuron_input(e.input, e.value);
            return dl::Status::ok();
          },
          [&](const NeuronWeight& e) {
            nav.get<lessons::PerceptronLesson>(train)->set_neuron_weight(e.input, e.value);
            return dl::Status::ok();
          },
          [&](const NeuronThreshold& e) {
            nav.get<lessons::PerceptronLesson>(train)->set_neuron_threshold(e.value);
            return dl::Status::ok();
          },
          [&](const PerceptronPoints& e) {
            auto* m = nav.get<lessons::PerceptronLesson>(train);
            m->set_point_set(e.set);
            m->set_step(0);
            return dl::Status::ok();
          },
          [&](const PerceptronLearningRate& e) {
            nav.get<lessons::PerceptronLesson>(train)->set_learning_rate(e.value);
            return dl::Status::ok();
          },
          [&](const PerceptronNewPoints&) {
            auto* m = nav.get<lessons::PerceptronLesson>(train);
            m->set_seed(m->settings().seed + 1);
            return dl::Status::ok();
          },
          [&](const DenseWorkshop& e) {
            auto* m = nav.get<lessons::DenseLesson>(train);
            m->load_workshop_example();
            if (e.restart) m->set_step(0);
            return dl::Status::ok();
          },
          [&](const DenseCell& e) {
            auto* m = nav.get<lessons::DenseLesson>(train);
            if (e.input) m->set_input(e.input_index, e.value);
            else m->set_weight(e.input_index, e.neuron, e.value);
            return dl::Status::ok();
          },
          [&](const DenseFromModel& e) {
            dl::Sequential* live = live_model();
            if (!live) return kNoModel;
            if (!s.data.test) return kNoData;
            const dl::Dataset& test = *s.data.test;
            const int index = std::clamp(e.test_index, 0, test.count - 1);
            std::vector<float> x(test.pixels_per_image());
            dl::image_to_input(test.image(index), x.size(), x.data());  // scaled as the trainer scales it
            auto* m = nav.get<lessons::DenseLesson>(train);
            const int step = m->step();
            const dl::Status loaded = m->load_from_model(*live, x);
            m->set_step(step);
            return loaded;
          },
          [&](const CrossEntropyDigit& e) {
            nav.get<lessons::CrossEntropyLesson>(train)->set_digit(e.digit);
            return dl::Status::ok();
          },
          [&](const CrossEntropyProbability& e) {
            nav.get<lessons::CrossEntropyLesson>(train)->set_probability(e.p);
            return dl::Status::ok();
          },
          [&](const DescentSurface& e) {
            nav.get<lessons::DescentLesson>(train)->set_surface(e.surface);
            return dl::Status::ok();
          },
          [&](const DescentLearningRate& e) {
            nav.get<lessons::DescentLesson>(train)->set_learning_rate(e.value);
            return dl::Status::ok();
          },
          [&](const DescentMomentum& e) {
            nav.get<lessons::DescentLesson>(train)->set_momentum(e.rho);
            return dl::Status::ok();
          },
          [&](const DescentIterations& e) {
            nav.get<lessons::DescentLesson>(train)->set_iterations(e.count);
            return dl::Status::ok();
          },
          [&](const DescentStart& e) {
            nav.get<lessons::DescentLesson>(train)->set_start(e.w);
            return dl::Status::ok();
          },
          [&](const ConvKernel& e) {
            nav.get<lessons::ConvLesson>(train)->set_kernel(e.choice);
            return dl::Status::ok();
          },
          [&](const ConvLearnedKernel& e) {
            const dl::Sequential* live = live_model();
            if (!live || s.live.kind != dl::ModelKind::cnn) return dl::Status::error("there is no trained CNN yet");
            return nav.get<lessons::ConvLesson>(train)->set_learned_kernel(*live, e.filter);
          },
          [&](const ConvImage& e) {
            if (!s.data.ready()) return kNoData;
            nav.get<lessons::ConvLesson>(train)->set_image(*train, std::clamp(e.index, 0, train->count - 1));
            return dl::Status::ok();
          },
          [&](const ConvWeight& e) {
            nav.get<lessons::ConvLesson>(train)->set_kernel_weight(e.row, e.col, e.value);
            return dl::Status::ok();
          },
          [&](const PoolMaps& e) {
            auto* m = nav.get<lessons::PoolLesson>(train);
            const dl::Status given = m->set_feature_maps(e.maps, e.channel);
            return given ? given : m->set_feature_maps(e.maps, 0);  // a channel the new maps lack: the first
          },
          [&](const PoolChannel& e) { return nav.get<lessons::PoolLesson>(train)->set_channel(e.channel); },
          [&](const DropoutRate& e) {
            nav.get<lessons::DropoutLesson>(train)->set_rate(e.rate);
            return dl::Status::ok();
          },
          [&](const DropoutTraining& e) {
            nav.get<lessons::DropoutLesson>(train)->set_training(e.training);
            return dl::Status::ok();
          },
          [&](const DropoutNewRun&) {
            auto* m = nav.get<lessons::DropoutLesson>(train);
            m->set_seed(m->seed() + 1);
            return dl::Status::ok();
          },
          [&](const InsideRun& e) {
            dl::Sequential* live = live_model();
            if (!live) return kNoModel;
            return nav.get<lessons::InsideLesson>(train)->run(*live, std::span<const float>(e.input));
          },
      },
      edit);
}
