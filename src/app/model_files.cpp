// Model files in the browser: save the live model as safetensors (a download) and load one (file
// picker or drag-and-drop); a bad file gets a clear message and the current model stays.
#include "app/model_files.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include <imgui.h>

#include "app/browser_files.h"

namespace {

const char* display_name(dl::ModelKind kind) { return kind == dl::ModelKind::cnn ? "CNN" : "MLP"; }

bool trainer_idle(const App& app) { return app.status.phase == dl::TrainerPhase::idle; }

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

void install(App& app, ModelFilesState::PendingLoad load, bool stopped_training) {
  const dl::Status s = app.live.set_weights(load.kind, load.weights, "file: " + load.file_name);
  if (!s) {
    app.show_notice("Could not load " + load.file_name + ": " + s.message() + ". The current model is unchanged.",
                    true);
    return;
  }
  app.show_notice("Loaded " + load.file_name + " (" + display_name(load.kind) + ", " +
                      dl::with_commas(load.weights.size()) + " parameters): the Draw and Test tabs now use it." +
                      (stopped_training ? " The training run was stopped and reset." : ""),
                  false);
}

// Everything is checked before anything changes: decode, recognise, load into a fresh model.
void load_file(App& app, ModelFilesState& state, const browser_files::ReceivedFile& file) {
  const std::string name = file.name.empty() ? std::string("the file") : file.name;
  auto refuse = [&](const std::string& why) {
    app.show_notice("Could not load " + name + ": " + why + " The current model is unchanged.", true);
  };
  if (!file.error.empty()) return refuse(file.error + ".");
  dl::Result<dl::SafetensorsFile> decoded = dl::decode_safetensors(file.bytes.get(), file.size);
  if (!decoded) return refuse("it is not a valid safetensors file (" + decoded.message() + ").");
  const dl::Result<dl::ModelKind> kind = infer_model_kind(decoded.value());
  if (!kind) return refuse(kind.message() + ".");
  dl::Sequential model = dl::make_workshop_model(kind.value());
  model.compile(dl::OptimizerConfig::defaults(dl::OptimizerKind::adam));
  const dl::Status loaded = model.load_safetensors(decoded.value());
  if (!loaded) return refuse(loaded.message() + ".");

  ModelFilesState::PendingLoad load{name, kind.value(), model.parameters()};
  if (trainer_idle(app)) return install(app, std::move(load), false);
  // A finished run publishes nothing more, so its model can be replaced at once; a running one
  // first has to stop (see PendingLoad).
  app.trainer.reset();
  if (app.status.phase == dl::TrainerPhase::finished) return install(app, std::move(load), true);
  state.pending = std::move(load);
  app.show_notice("Loading " + name + ": stopping the training run first...", false);
}

void save_live_model(App& app) {
  dl::SafetensorsFile file = app.live.model->to_safetensors();
  file.metadata["model"] = dl::model_kind_name(app.live.kind);
  file.metadata["source"] = app.live.source;
  const std::vector<uint8_t> bytes = dl::encode_safetensors(file);
  const std::string name = std::string("digitlab-") + dl::model_kind_name(app.live.kind) + ".safetensors";
  browser_files::offer_download(name, bytes);
  char size[32];
  std::snprintf(size, sizeof size, "%.1f MB", bytes.size() / 1e6);
  app.show_notice("Saved " + name + " (" + size + ", " + display_name(app.live.kind) +
                      ") to your downloads. Load model... or a drop on the page brings it back.",
                  false);
}

std::string describe_live_model(const App& app) {
  if (!app.live.ready()) return "No model yet: train one, or load a .safetensors file.";
  std::string from = app.live.source;
  if (from.rfind("file: ", 0) == 0) from = "from " + from.substr(6);
  else if (from == "training") from = "from training";
  return "Live model: " + std::string(display_name(app.live.kind)) + ", " + from + " (" +
         dl::with_commas(app.live.model->param_count()) + " parameters)";
}

}  // namespace

std::unique_ptr<ModelFilesState> make_model_files_state() { return std::make_unique<ModelFilesState>(); }

float model_files_section_height(const App& app) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float separator = style.ItemSpacing.y + 1.0f;
  const float wrap = ImGui::GetContentRegionAvail().x;
  float height = separator + ImGui::GetFrameHeightWithSpacing() +
                 ImGui::CalcTextSize(describe_live_model(app).c_str(), nullptr, false, wrap).y + style.ItemSpacing.y;
  if (!app.notice.empty()) {
    height += separator + ImGui::CalcTextSize(app.notice.c_str(), nullptr, false, wrap).y + style.ItemSpacing.y +
              ImGui::GetTextLineHeightWithSpacing();  // the wrapped notice and its Dismiss button
  }
  return height + style.WindowPadding.y;
}

void draw_model_files(App& app, ModelFilesState& state) {
  // Files arrive between frames; handle them before drawing so the notice shows this frame.
  for (const browser_files::ReceivedFile& file : browser_files::take_received()) load_file(app, state, file);
  if (state.pending && trainer_idle(app)) {
    install(app, std::move(*state.pending), true);
    state.pending.reset();
  }

  ImGui::BeginDisabled(!app.live.ready());
  if (ImGui::Button("Save model")) save_live_model(app);
  ImGui::EndDisabled();
  automation::record_item("Save model");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(app.live.ready() ? "Download the live model's weights as a .safetensors file\n"
                                         "(readable by numpy and the safetensors library)."
                                       : "Nothing to save yet: train a model or load one.");

  ImGui::SameLine();
  if (ImGui::Button("Load model...")) browser_files::open_picker();  // JS has usually opened it already
  automation::record_item("Load model");
  // Report where the button is, so the page can open the picker inside the click itself.
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const bool covered = ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopup);
  browser_files::set_picker_button(min.x, min.y, max.x - min.x, max.y - min.y, display.x, display.y,
                                   ImGui::IsItemVisible() && !covered);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Load a .safetensors model saved by digitlab (MLP or CNN).\n"
                      "Loading stops a training run in progress.");
  ImGui::SameLine();
  ImGui::TextDisabled("or drop one on the page");

  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", describe_live_model(app).c_str());
  ImGui::PopStyleColor();
}

void write_model_files_status(const App& app, const ModelFilesState& state, dl::lessons::JsonWriter& w) {
  // Computed only when asked (tests compare models before and after a save / load round trip), on
  // a private copy so the live model's per-layer outputs, which views may show, stay untouched.
  // Not while training: the weights change four times a second and the frames need the time.
  const bool weights_moving =
      app.status.phase == dl::TrainerPhase::training || app.status.phase == dl::TrainerPhase::validating;
  if (app.live.ready() && !weights_moving && state.fingerprint_generation != app.live.generation) {
    state.fingerprint_generation = app.live.generation;
    const std::vector<float>& params = app.live.model->parameters();
    uint64_t hash = 1469598103934665603ull;  // FNV-1a, 64-bit, over the float bit patterns
    for (float v : params) {
      uint32_t bits;
      std::memcpy(&bits, &v, sizeof bits);
      hash = (hash ^ bits) * 1099511628211ull;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016" PRIx64, hash);
    state.weights_hash = hex;
    state.predictions.clear();
    if (app.data.test) {
      dl::Sequential copy = dl::make_workshop_model(app.live.kind);
      copy.compile(dl::OptimizerConfig::defaults(dl::OptimizerKind::adam));
      if (copy.set_parameters(params)) {
        const int n = std::min(32, app.data.test->count);
        const size_t pixels = app.data.test->pixels_per_image();
        std::vector<float> x(static_cast<size_t>(n) * pixels), p(static_cast<size_t>(n) * 10);
        for (size_t i = 0; i < x.size(); ++i) x[i] = app.data.test->images[i] / 255.0f;
        copy.predict(x.data(), n, p.data());
        for (int i = 0; i < n; ++i) {
          const float* row = p.data() + static_cast<size_t>(i) * 10;
          state.predictions += static_cast<char>('0' + (std::max_element(row, row + 10) - row));
        }
      }
    }
  }
  const bool ready = app.live.ready();
  const bool current = ready && state.fingerprint_generation == app.live.generation;  // "" while training
  w.field("liveParameters", static_cast<int64_t>(ready ? app.live.model->param_count() : 0))
      .field("liveWeightsHash", current ? state.weights_hash : std::string())
      .field("livePredictions", current ? state.predictions : std::string())
      .field("pendingLoad", state.pending.has_value());
}
