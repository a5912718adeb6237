// The app: shared state (data arrival, links, trainer snapshot, live model) and the frame that lays
// out the windows and hands each panel its narrow part of the state. No platform code here.
#include "app/app.h"

#include <algorithm>
#include <utility>

#include <imgui.h>

#include "app/automation.h"
#include "app/draw_panel.h"
#include "app/lessons/lessons_panel.h"
#include "app/model_files.h"
#include "app/test_panel.h"
#include "app/train_panel.h"

const char* view_name(View view) {
  switch (view) {
    case View::train: return "train";
    case View::draw: return "draw";
    case View::test: return "test";
    case View::lessons: return "lessons";
  }
  return "?";
}

App::App()
    : train_panel(make_train_panel_state()),
      draw_panel(make_draw_panel_state()),
      test_panel(make_test_panel_state()),
      model_files(make_model_files_state()),
      lessons(make_lesson_views()) {}

App::~App() = default;

std::string LiveModel::origin_text() const {
  switch (origin) {
    case ModelOrigin::none: return "none";
    case ModelOrigin::training: return "training";
    case ModelOrigin::file: return "file: " + file_name;
  }
  return "?";
}

std::array<float, dl::kClassCount> LiveModel::predict(const float* image784) {
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

void App::receive_data() {
  for (browser::ReceivedFile& f : browser::take_dataset_files()) {
    data.received_bytes += f.size;
    data.files.push_back(std::move(f));
  }
  if (data.ready() || !data.error.empty() || data.files.size() < 4) return;
  auto find = [&](const std::string& name) -> const browser::ReceivedFile* {
    for (const browser::ReceivedFile& f : data.files)
      if (f.name == name) return &f;
    return nullptr;
  };
  auto parse = [&](const char* prefix) -> dl::Result<dl::Dataset> {
    const std::string images = std::string(prefix) + "-images-idx3-ubyte";
    const std::string labels = std::string(prefix) + "-labels-idx1-ubyte";
    const browser::ReceivedFile* fi = find(images);
    const browser::ReceivedFile* fl = find(labels);
    if (!fi || !fl) return dl::Status::error("missing " + (fi ? labels : images));
    dl::Result<dl::IdxArray> a = dl::parse_idx(fi->bytes.get(), fi->size);
    if (!a) return dl::Status::error(images + ": " + a.message());
    dl::Result<dl::IdxArray> b = dl::parse_idx(fl->bytes.get(), fl->size);
    if (!b) return dl::Status::error(labels + ": " + b.message());
    return dl::make_dataset(std::move(a).value(), std::move(b).value());
  };
  dl::Result<dl::Dataset> train = parse("train");
  dl::Result<dl::Dataset> test = parse("t10k");
  if (!train || !test) {
    data.error = "The MNIST data could not be read: " + (!train ? train.message() : test.message());
    notices.show(data.error, true);
  } else {
    data.train = std::make_shared<const dl::Dataset>(std::move(train).value());
    data.test = std::make_shared<const dl::Dataset>(std::move(test).value());
    trainer.set_data(data.train, data.test);
  }
  data.files.clear();  // the parsed copies are all we keep
}

void App::receive_link() {
  const std::optional<std::string> link = browser::take_link();
  if (!link) return;
  if (!commands.open_link(*link) && link->size() > 1)
    notices.show("The link " + *link + " names no lesson; the lessons are listed in the Lessons tab.", false);
}

void App::sync_live_model() {
  uint64_t version = 0;
  std::shared_ptr<const std::vector<float>> weights = trainer.weights(&version);
  if (version == live.trainer_version) return;
  live.trainer_version = version;
  if (!weights) return;  // reset: keep showing the last model (or a loaded file) until new weights arrive
  const dl::Status s = live.set_weights(status.config.model, *weights, ModelOrigin::training);
  if (!s) notices.show("Could not take the trainer's weights: " + s.message(), true);
}

void App::frame() {
  receive_data();
  status = trainer.status();
  sync_live_model();
  receive_link();  // a link may switch tabs before they are drawn
  update_lessons(*lessons, data);
  draw_windows();
}

void App::draw_windows() {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float margin = 8.0f;
  const float left_width = std::clamp(display.x * 0.36f, 360.0f, 560.0f);
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse;
  const std::shared_ptr<const dl::ValidationReport> report = trainer.validation_report();
  const ModelFilesContext files_ctx{live, status, data, notices, commands};

  ImGui::SetNextWindowPos(ImVec2(margin, margin), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(left_width, display.y - 2 * margin), ImGuiCond_Always);
  if (ImGui::Begin("Train", nullptr, fixed)) {
    draw_train_panel(*train_panel, {status, data, commands, model_files_section_height(files_ctx)});
    ImGui::Separator();
    draw_model_files(*model_files, files_ctx);
    if (!notices.text.empty()) {
      ImGui::Separator();
      ImGui::PushStyleColor(ImGuiCol_Text,
                            notices.is_error ? ImVec4(1.0f, 0.45f, 0.4f, 1) : ImVec4(0.6f, 0.9f, 0.6f, 1));
      ImGui::TextWrapped("%s", notices.text.c_str());
      ImGui::PopStyleColor();
      if (ImGui::SmallButton("Dismiss")) commands.dismiss_notice();
      automation::record_item("Dismiss");
    }
  }
  ImGui::End();

  const float right_x = margin * 2 + left_width;
  ImGui::SetNextWindowPos(ImVec2(right_x, margin), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(std::max(200.0f, display.x - right_x - margin), display.y - 2 * margin),
                           ImGuiCond_Always);
  if (ImGui::Begin("Workbench", nullptr, fixed | ImGuiWindowFlags_NoTitleBar)) {
    if (ImGui::BeginTabBar("tabs")) {
      struct TabInfo { View view; const char* label; const char* automation_label; };
      const TabInfo tabs[] = {{View::draw, "Draw", "tab:Draw"}, {View::test, "Test", "tab:Test"},
                              {View::lessons, "Lessons", "tab:Lessons"}};
      for (const TabInfo& t : tabs) {
        const ImGuiTabItemFlags flags = requested_view == t.view ? ImGuiTabItemFlags_SetSelected : 0;
        const bool open = ImGui::BeginTabItem(t.label, nullptr, flags);
        automation::record_item(t.automation_label);
        if (open) {
          active_view = t.view;
          if (t.view == View::draw) draw_draw_panel(*draw_panel, {live, drawing, notices, commands});
          if (t.view == View::test) draw_test_panel(*test_panel, {data, live, status, report, commands});
          if (t.view == View::lessons) {
            LessonContext lesson_ctx{*lessons, data, live, drawing, notices, commands};
            draw_lessons_panel(lesson_ctx);
          }
          ImGui::EndTabItem();
        }
      }
      requested_view.reset();
      ImGui::EndTabBar();
    }
  }
  ImGui::End();
}

void App::write_status(dl::lessons::JsonWriter& w) const {
  const dl::TrainerStatus& s = status;
  w.field("trainPhase", dl::trainer_phase_name(s.phase))
      .field("model", dl::model_kind_name(s.config.model))
      .field("optimizer", dl::optimizer_name(s.config.optimizer))
      .field("learningRate", double(s.config.learning_rate))
      .field("batchSize", s.config.batch_size)
      .field("epoch", s.progress.epoch)
      .field("epochs", s.config.epochs)
      .field("samples", s.progress.samples_done)
      .field("samplesTotal", s.progress.samples_total)
      .field("steps", static_cast<int64_t>(s.progress.steps))
      .field("loss", s.progress.loss)
      .field("acc", s.progress.accuracy)
      .field("val_loss", s.has_validation ? s.val_loss : -1.0)
      .field("val_acc", s.has_validation ? s.val_accuracy : -1.0)
      .field("examplesPerSecond", s.examples_per_second)
      .field("trainSeconds", s.elapsed_seconds)
      .field("trainThreads", s.config.threads)
      .field("trainMessage", s.message)
      .field("notLearning", s.not_learning)
      .field("dataReady", data.ready())
      .field("dataError", data.error)
      .field("liveModel", live.ready() ? dl::model_kind_name(live.kind) : "none")
      .field("liveModelSource", live.ready() ? live.origin_text() : std::string())
      .field("notice", notices.text)
      .field("noticeIsError", notices.is_error)
      .field("tab", view_name(active_view));
  w.begin_object("trainPanel");
  write_train_panel_status(*train_panel, w);
  w.end_object().begin_object("drawPanel");
  write_draw_panel_status(*draw_panel, drawing, w);
  w.end_object().begin_object("testPanel");
  write_test_panel_status(*test_panel, w);
  w.end_object().begin_object("modelFiles");
  write_model_files_status(*model_files, live, status, data, w);
  w.end_object();
  write_lessons_status(*lessons, w);
}
