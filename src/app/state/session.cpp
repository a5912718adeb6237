// The session: data arrival, the trainers' snapshots, the live model, and the state derived from
// them, kept current every frame whichever view is shown.
#include "app/state/session.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <thread>
#include <utility>

#include "engine/background.h"
#include "lessons/pool.h"
#include "lessons/perceptron.h"
#include "lessons/matmul.h"
#include "lessons/images.h"
#include "lessons/dropout.h"
#include "lessons/descent.h"
#include "lessons/dense.h"
#include "lessons/crossentropy.h"
#include "lessons/conv.h"
#include "engine/safetensors.h"
#include "engine/workshop_models.h"

const char* view_name(View view) {
  switch (view) {
    case View::train: return "train";
    case View::draw: return "draw";
    case View::test: return "test";
    case View::lessons: return "lessons";
  }
  return "?";
}

const char* train_pane_name(TrainPane pane) {
  switch (pane) {
    case TrainPane::curves: return "curves";
    case TrainPane::epochs: return "epochs";
    case TrainPane::summary: return "summary";
    case TrainPane::time_machine: return "time machine";
    case TrainPane::compare: return "two runs";
  }
  return "?";
}

// ---- The live model and the data -------------------------------------------------------------

std::string LiveModel::origin_text() const {
  switch (origin) {
    case ModelOrigin::none: return "none";
    case ModelOrigin::training: return "training";
    case ModelOrigin::file: return "file: " + file_name;
  }
  return "?";
}

std::array<float, dl::kClassCount> LiveModel::predict(const float* image784) const {
  std::array<float, dl::kClassCount> p{};
  model->predict(image784, 1, p.data());  // MLP {784} and CNN {28,28,1} share the layout
  return p;
}

dl::Status LiveModel::set_weights(dl::ModelKind new_kind, const std::vector<float>& weights, ModelOrigin from,
                                  std::string from_file) {
  if (!model || kind != new_kind) {
    auto fresh = std::make_unique<dl::Sequential>(dl::make_workshop_model(new_kind));
    fresh->compile(dl::OptimizerConfig::defaults(dl::OptimizerKind::adam));
    dl::Status s = fresh->set_parameters(weights);
    if (!s) return s;
    model = std::move(fresh);
    kind = new_kind;
  } else {
    dl::Status s = model->set_parameters(weights);
    if (!s) return s;
  }
  origin = from;
  file_name = std::move(from_file);
  ++generation;
  return dl::Status::ok();
}

void Datasets::show(dl::DatasetKind k) {
  kind = k;
  const DatasetArrival& a = arrival(k);
  train = a.train;
  test = a.test;
  error = a.error;
  received_bytes = a.received_bytes;
}

// ---- Run setups ------------------------------------------------------------------------------

RunSetup RunSetup::for_this_device() {
  RunSetup setup;
  // Logical cores as the browser reports them (navigator.hardwareConcurrency under Emscripten).
  const int cores = static_cast<int>(std::thread::hardware_concurrency());
  setup.max_threads = dl::background::threads_available() ? std::clamp(cores, 1, 16) : 1;
  // One core stays with the page: its own thread and the browser's compositing (software GL on
  // machines without a GPU) would otherwise take turns with the trainers and stall their batches.
  // The Threads box still offers every core.
  setup.threads = std::max(1, setup.max_threads - 1);
  return setup;
}

void RunSetup::apply_workshop_fit() {
  batch_size = model == dl::ModelKind::cnn ? 32 : 64;
  epochs = model == dl::ModelKind::cnn ? 2 : 5;
}

dl::TrainerConfig trainer_config(const RunSetup& s) {
  dl::TrainerConfig config;
  config.model = s.model;
  config.optimizer = s.optimizer;
  config.learning_rate = s.learning_rate;
  config.batch_size = s.batch_size;
  config.epochs = s.epochs;
  config.threads = s.threads;
  config.quick_validation_every = kQuickValidationEvery;
  return config;
}

// ---- The session, each frame ---------------------------------------------------------------------

Session::Session() : run(RunSetup::for_this_device()) {}
Session::~Session() = default;

void Session::update(double now_seconds, bool lesson_shown) {
  const double frame_seconds = now > 0 ? now_seconds - now : 0.0;
  now = now_seconds;
  receive_data();
  status = trainer.status();
  // The trainer has taken the run Train or Fine-tune asked for (whichever view is shown).
  if (start_requested && status.phase != dl::TrainerPhase::idle && status.phase != dl::TrainerPhase::finished)
    start_requested = false;
  follow_fine_tune(personal, status);
  history = trainer.history();
  report = trainer.validation_report();
  if (comparison) comparison_status = comparison->status();
  sync_live_model();
  if (!path.loaded) {
    path.loaded = true;
    read_met(path, browser::load_preference("pathMet").value_or(""));
    const std::string stop = browser::load_preference("pathStop").value_or("0");
    path.current = std::clamp(std::atoi(stop.c_str()), 0, kPathStopCount - 1);
  }
  if (!exercises_loaded) {
    exercises_loaded = true;
    exercises.on = browser::load_preference("predictFirst").value_or("") == "1";
    read_scores(exercises, browser::load_preference("lessonScores").value_or(""));
  }
  if (!personal.loaded) {
    load_personal_digits(personal);
    if (!personal.storage_note.empty()) notices.show(personal.storage_note, true);
  }
  update_derived(frame_seconds, lesson_shown);
  if (update_path(*this)) {
    browser::save_preference("pathMet", met_text(path));
    notices.show("Checkpoint met: " + std::string(path_stops()[size_t(path.current)].goal) +
                     (path.current + 1 < kPathStopCount ? " On to the next stop when you like." : " That was the last stop."),
                 false);
  }
}

void Session::update_derived(double frame_seconds, bool lesson_shown) {
  if (loading.pending && status.phase == dl::TrainerPhase::idle) {
    install_model(*this, std::move(*loading.pending), true);
    loading.pending.reset();
  }
  // The time machine's scrubber follows the run while it is on the latest snapshot of a run
  // going on, and stays in the history's range.
  const int n = static_cast<int>(history.size());
  if (n > 0 && time_machine.selected == n - 1 && status.phase == dl::TrainerPhase::training) time_machine.follow = true;
  if (time_machine.follow) time_machine.selected = std::max(0, n - 1);
  time_machine.selected = std::clamp(time_machine.selected, 0, std::max(0, n - 1));
  update_drawing(drawing, data, live);
  update_test_choice(test_choice, data, live, personal);
  update_lessons(lessons, data.train, data.ready(), now, frame_seconds, lesson_shown,
                 [this](const dl::lessons::StepModel& model) { return asks_before_next_step(exercises, model); });
  update_exercise(exercises, lessons);
  update_personal_predictions(predictions, personal, live);
}

void Session::receive_data() {
  for (browser::ReceivedFile& f : browser::take_dataset_files()) {
    // "fashion-mnist/train-images-idx3-ubyte", a failure "fashion-mnist: ...", or MNIST's own name.
    dl::DatasetKind kind = dl::DatasetKind::mnist;
    std::string name = f.name;
    const std::string& tag = f.name.empty() ? f.error : f.name;
    for (dl::DatasetKind k : {dl::DatasetKind::fashion_mnist})
      if (tag.rfind(dl::dataset_info(k).slug, 0) == 0) {
        kind = k;
        if (!f.name.empty()) name = f.name.substr(f.name.find('/') + 1);
      }
    DatasetArrival& a = data.arrival(kind);
    a.received_bytes += f.size;
    if (!a.error.empty()) continue;
    if (f.name.empty()) {
      a.error = "The " + std::string(dl::dataset_info(kind).title) + " data could not be downloaded: " + f.error;
      continue;
    }
    dl::Result<dl::IdxArray> parsed = dl::parse_idx(f.bytes.get(), f.size);
    f.bytes.reset();  // the parsed copy is all we keep
    if (!parsed) a.error = "The " + std::string(dl::dataset_info(kind).title) + " data could not be read: " + name + ": " +
                           parsed.message();
    else a.parsed.emplace_back(name, std::move(parsed).value());
  }
  for (dl::DatasetKind kind : {dl::DatasetKind::mnist, dl::DatasetKind::fashion_mnist}) {
    DatasetArrival& a = data.arrival(kind);
    if ((a.train && a.test) || !a.error.empty() || a.parsed.size() < 4) continue;
    auto take = [&](const std::string& name) -> std::optional<dl::IdxArray> {
      for (auto& [file, array] : a.parsed)
        if (file == name) return std::move(array);
      return std::nullopt;
    };
    auto pair = [&](const char* prefix) -> dl::Result<dl::Dataset> {
      const std::string images = std::string(prefix) + "-images-idx3-ubyte";
      const std::string labels = std::string(prefix) + "-labels-idx1-ubyte";
      std::optional<dl::IdxArray> i = take(images), l = take(labels);
      if (!i || !l) return dl::Status::error("missing " + (i ? labels : images));
      return dl::make_dataset(std::move(*i), std::move(*l));
    };
    dl::Result<dl::Dataset> train = pair("train");
    dl::Result<dl::Dataset> test = pair("t10k");
    a.parsed.clear();
    if (!train || !test) {
      a.error = "The " + std::string(dl::dataset_info(kind).title) + " data could not be read: " +
                (!train ? train.message() : test.message());
    } else {
      a.train = std::make_shared<const dl::Dataset>(std::move(train).value());
      a.test = std::make_shared<const dl::Dataset>(std::move(test).value());
      if (kind == data.kind) trainer.set_data(a.train, a.test);
    }
  }
  const bool had_data = data.ready();
  data.show(data.kind);
  if (!data.error.empty() && notices.text != data.error) notices.show(data.error, true);
  if (!had_data && data.ready() && data.kind != dl::DatasetKind::mnist)
    notices.show(std::string(data.info().title) + " is here: Train fits the chosen model on it.", false);
}

void Session::sync_live_model() {
  uint64_t version = 0;
  std::shared_ptr<const std::vector<float>> weights = trainer.weights(&version);
  if (version == live.trainer_version) return;
  live.trainer_version = version;
  if (!weights) return;  // reset: keep showing the last model (or a loaded file) until new weights arrive
  const dl::Status s = live.set_weights(status.config.model, *weights, ModelOrigin::training);
  if (!s) notices.show("Could not take the trainer's weights: " + s.message(), true);
  else live.dataset = data.kind;  // the trainer's data is the chosen set (changing it resets the run)
}

// ---- Derived state ---------------------------------------------------------------------------------

void update_drawing(Drawing& d, const Datasets& data, const LiveModel& live) {
  constexpr int kInk = dl::InkCanvas::kDefaultSize;
  if (d.derived_from != d.ink.version()) {
    d.derived_from = d.ink.version();
    if (d.test_image >= 0 && data.test && d.test_image < data.test->count) {
      d.input = dl::digit_from_image(data.test->image(d.test_image), kInk / 28);
    } else {
      d.test_image = -1;
      d.input = dl::preprocess_drawing(d.ink.coverage(), kInk, kInk);
    }
    ++d.input_version;
    d.has_reading = false;
  }
  if (d.input.empty || !live.ready()) {
    d.has_reading = false;
    d.prediction = -1;
    return;
  }
  if (d.has_reading && d.read_generation == live.generation) return;
  d.probabilities = live.predict(d.input.pixels.data());
  d.prediction = dl::argmax(d.probabilities.data(), dl::kClassCount);
  d.read_generation = live.generation;
  d.has_reading = true;
}

const dl::Dataset* dataset_of(const Datasets& data, const PersonalDigits& personal, TestChoice::Set set) {
  switch (set) {
    case TestChoice::Set::train: return data.train.get();
    case TestChoice::Set::test: return data.test.get();
    case TestChoice::Set::personal: return personal.set.count > 0 ? &personal.set : nullptr;
  }
  return nullptr;
}

void update_test_choice(TestChoice& c, const Datasets& data, const LiveModel& live, const PersonalDigits& personal) {
  const dl::Dataset* set = dataset_of(data, personal, c.set);
  if (!set && c.set == TestChoice::Set::personal) {  // the student's digits were all removed
    c.set = TestChoice::Set::train;
    set = dataset_of(data, personal, c.set);
  }
  if (!set || set->count == 0) return;
  c.index = std::clamp(c.index, 0, set->count - 1);
  TestChoice::Shown& shown = c.shown;
  const bool new_image = shown.set != c.set || shown.index != c.index || shown.dataset != set ||
                         (c.set == TestChoice::Set::personal && shown.personal_version != personal.version);
  if (new_image) {
    shown.set = c.set;
    shown.index = c.index;
    shown.dataset = set;
    shown.label = set->labels[static_cast<size_t>(c.index)];
    shown.personal_version = personal.version;
    shown.has_prediction = false;
    ++shown.version;
  }
  if (!live.ready()) {
    shown.has_prediction = false;
    return;
  }
  if (shown.has_prediction && shown.generation == live.generation) return;
  float pixels[28 * 28];
  dl::image_to_input(set->image(c.index), set->pixels_per_image(), pixels);
  shown.probabilities = live.predict(pixels);
  shown.prediction = dl::argmax(shown.probabilities.data(), dl::kClassCount);
  shown.generation = live.generation;
  shown.has_prediction = true;
}

// ---- Model files -----------------------------------------------------------------------------

namespace {

// The two workshop models share dense_* names but only the CNN starts with a convolution; the
// full check of every name and shape is Sequential::load_safetensors'.
dl::Result<dl::ModelKind> infer_model_kind(const dl::SafetensorsFile& file) {
  if (file.find("conv2d_1.kernel")) return dl::ModelKind::cnn;
  if (file.find("dense_1.kernel")) return dl::ModelKind::mlp;
  std::string names;
  for (size_t i = 0; i < file.tensors.size() && i < 3; ++i) names += (i ? ", " : "") + file.tensors[i].name;
  if (file.tensors.size() > 3) names += ", ...";
  return dl::Status::error("it holds neither the workshop's MLP nor its CNN (its tensors: " +
                           (names.empty() ? std::string("none") : names) + ")");
}

// A file of another kind picked by mistake (a picture, an archive, another framework's model),
// recognised by its first bytes, so the message can say what it is; nullptr when none of these.
const char* other_file_kind(const uint8_t* bytes, size_t size) {
  struct Signature {
    const char* magic;
    size_t offset, length;
    const char* kind;
  };
  static constexpr Signature kSignatures[] = {
      {"\x89PNG\r\n\x1a\n", 0, 8, "a PNG image"},
      {"\xff\xd8\xff", 0, 3, "a JPEG image"},
      {"GIF8", 0, 4, "a GIF image"},
      {"WEBP", 8, 4, "a WebP image"},
      {"%PDF", 0, 4, "a PDF document"},
      {"\x89HDF\r\n\x1a\n", 0, 8, "an HDF5 file (a Keras .h5 model is one; digitlab reads safetensors)"},
      {"PK\x03\x04", 0, 4, "a ZIP archive (a Keras .keras or PyTorch .pt model is one; digitlab reads safetensors)"},
      {"\x1f\x8b", 0, 2, "gzip-compressed (unpack it first)"},
  };
  for (const Signature& s : kSignatures)
    if (size >= s.offset + s.length && std::memcmp(bytes + s.offset, s.magic, s.length) == 0) return s.kind;
  return nullptr;
}

}  // namespace

const char* model_display_name(dl::ModelKind kind) { return kind == dl::ModelKind::cnn ? "CNN" : "MLP"; }

std::string describe_live_model(const LiveModel& live) {
  if (!live.ready()) return "No model yet: train one, or load a .safetensors file.";
  const std::string from = live.origin == ModelOrigin::file ? "from " + live.file_name : "from training";
  return "Live model: " + std::string(model_display_name(live.kind)) + ", " + from + " (" +
         dl::with_commas(live.model->param_count()) + " parameters)";
}

void install_model(Session& session, ModelLoading::PendingLoad load, bool stopped_training) {
  const dl::Status s = session.live.set_weights(load.kind, load.weights, ModelOrigin::file, load.file_name);
  if (!s) {
    session.notices.show("Could not load " + load.file_name + ": " + s.message() + ". The current model is unchanged.",
                         true);
    return;
  }
  session.live.dataset = load.dataset;
  session.notices.show("Loaded " + load.file_name + " (" + model_display_name(load.kind) + ", " +
                           dl::with_commas(load.weights.size()) + " parameters): the Draw and Test tabs now use it." +
                           (stopped_training ? " The training run was stopped and reset." : ""),
                       false);
}

// Everything is checked before anything changes. Only the weights are kept: the decoded tensors
// and the model they were checked with are freed before anything is installed, so a load needs no
// more memory at its peak than it must.
dl::Result<ModelLoading::PendingLoad> read_model_file(const browser::ReceivedFile& file, const std::string& name) {
  if (!file.error.empty()) return dl::Status::error(file.error + ".");
  if (const char* kind = other_file_kind(file.bytes.get(), file.size))
    return dl::Status::error(std::string("it is ") + kind + ", not a digitlab model (a .safetensors file from Save model).");
  dl::Result<dl::SafetensorsFile> decoded = dl::decode_safetensors(file.bytes.get(), file.size);
  if (!decoded) return dl::Status::error("it is not a valid safetensors file (" + decoded.message() + ").");
  const dl::Result<dl::ModelKind> kind = infer_model_kind(decoded.value());
  if (!kind) return dl::Status::error(kind.message() + ".");
  dl::Sequential model = dl::make_workshop_model(kind.value());
  model.compile(dl::OptimizerConfig::defaults(dl::OptimizerKind::adam));
  const dl::Status loaded = model.load_safetensors(decoded.value());
  if (!loaded) return dl::Status::error(loaded.message() + ".");
  ModelLoading::PendingLoad load{name, kind.value(), model.parameters()};
  // What it learnt to classify, when the file says (digitlab writes it; else MNIST's digits).
  const auto dataset = decoded.value().metadata.find("dataset");
  if (dataset != decoded.value().metadata.end())
    load.dataset = dl::dataset_from_slug(dataset->second).value_or(dl::DatasetKind::mnist);
  return load;
}

// ---- The workshop path's checkpoints (state/path.h), read from the session ----------------------

namespace {

template <class Lesson>
const Lesson* lesson_of(const Session& s) {
  return static_cast<const Lesson*>(s.lessons.existing_model(Lesson::kId));
}

bool at_last_step(const dl::lessons::StepModel* m) { return m && m->step_count() > 1 && m->step() == m->step_count() - 1; }

}  // namespace

bool checkpoint_met(const Session& s, int stop) {
  namespace L = dl::lessons;
  switch (stop) {
    case 0: return at_last_step(lesson_of<L::MatmulLesson>(s));
    case 1: {
      const auto* m = lesson_of<L::ImagesLesson>(s);
      return m && m->has_image() && m->current().label == 7;
    }
    case 2: {
      const auto* m = lesson_of<L::PerceptronLesson>(s);
      return m && m->settings().point_set == L::PointSet::xor_gate && at_last_step(m) &&
             m->outcome() == L::TrainingOutcome::no_separating_line;
    }
    case 3: {
      const auto* m = lesson_of<L::DenseLesson>(s);
      return m && m->current().phase == L::DensePhase::softmax;
    }
    case 4: {
      const auto* m = lesson_of<L::CrossEntropyLesson>(s);
      return m && m->loss() < 0.1f;
    }
    case 5: return at_last_step(lesson_of<L::DescentLesson>(s));
    case 6:
      return s.status.has_validation && s.status.val_accuracy >= 0.9 && s.status.config.model == dl::ModelKind::mlp;
    case 7: return s.path.mistakes_taught > s.path.mistakes_taught_at_arrival;
    case 8: {
      const TestChoice::Shown& shown = s.test_choice.shown;
      return shown.set == TestChoice::Set::test && shown.has_prediction && shown.label >= 0 &&
             shown.prediction != shown.label;
    }
    case 9: {
      const auto* m = lesson_of<L::ConvLesson>(s);
      return m && m->kernel_choice() == L::ConvKernelChoice::horizontal_edges;
    }
    case 10: {
      const auto* m = lesson_of<L::PoolLesson>(s);
      return m && m->out_cols() > 0 && m->step() >= m->out_cols();
    }
    case 11: {
      const auto* m = lesson_of<L::DropoutLesson>(s);
      return m && !m->training();
    }
    default: return false;
  }
}

bool update_path(Session& s) {
  PathProgress& p = s.path;
  if (!p.open || p.current < 0 || p.current >= kPathStopCount || p.met[size_t(p.current)]) return false;
  if (!checkpoint_met(s, p.current)) return false;
  p.met[size_t(p.current)] = true;
  return true;
}

