// Model files in the browser: save the live model as safetensors (a download) and load one (file
// picker or drag-and-drop); a bad file gets a clear message and the current model stays.
#include "app/views/model_files.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include <imgui.h>

#include "app/bridge/automation.h"
#include "app/bridge/browser.h"
#include "app/gfx/widgets/widgets.h"

namespace {

const char* display_name(dl::ModelKind kind) { return kind == dl::ModelKind::cnn ? "CNN" : "MLP"; }

bool trainer_idle(const ModelFilesContext& ctx) { return ctx.status.phase == dl::TrainerPhase::idle; }

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

void install(const ModelFilesContext& ctx, ModelFilesState::PendingLoad load, bool stopped_training) {
  const dl::Status s = ctx.live.set_weights(load.kind, load.weights, ModelOrigin::file, load.file_name);
  if (s) ctx.live.dataset = load.dataset;
  if (!s) {
    ctx.notices.show("Could not load " + load.file_name + ": " + s.message() + ". The current model is unchanged.",
                    true);
    return;
  }
  ctx.notices.show("Loaded " + load.file_name + " (" + display_name(load.kind) + ", " +
                      dl::with_commas(load.weights.size()) + " parameters): the Draw and Test tabs now use it." +
                      (stopped_training ? " The training run was stopped and reset." : ""),
                  false);
}

// Everything is checked before anything changes: decode, recognise, load into a model of its own.
// Only the weights are kept: the decoded tensors and that model are freed before anything is
// installed, so a load needs no more memory at its peak than it must.
dl::Result<ModelFilesState::PendingLoad> read_model_file(const browser::ReceivedFile& file, const std::string& name) {
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
  ModelFilesState::PendingLoad load{name, kind.value(), model.parameters()};
  // What it learnt to classify, when the file says (digitlab writes it; else MNIST's digits).
  const auto dataset = decoded.value().metadata.find("dataset");
  if (dataset != decoded.value().metadata.end())
    load.dataset = dl::dataset_from_slug(dataset->second).value_or(dl::DatasetKind::mnist);
  return load;
}

void load_file(const ModelFilesContext& ctx, ModelFilesState& state, const browser::ReceivedFile& file) {
  const std::string name = file.name.empty() ? std::string("the file") : file.name;
  dl::Result<ModelFilesState::PendingLoad> read = read_model_file(file, name);
  if (!read) {
    ctx.notices.show("Could not load " + name + ": " + read.message() + " The current model is unchanged.", true);
    return;
  }
  ModelFilesState::PendingLoad load = std::move(read).value();
  if (trainer_idle(ctx)) return install(ctx, std::move(load), false);
  // A finished run publishes nothing more, so its model can be replaced at once; a running one
  // first has to stop (see PendingLoad).
  ctx.commands.reset();
  if (ctx.status.phase == dl::TrainerPhase::finished) return install(ctx, std::move(load), true);
  state.pending = std::move(load);
  ctx.notices.show("Loading " + name + ": stopping the training run first...", false);
}

std::string describe_live_model(const ModelFilesContext& ctx) {
  if (!ctx.live.ready()) return "No model yet: train one, or load a .safetensors file.";
  const std::string from = ctx.live.origin == ModelOrigin::file ? "from " + ctx.live.file_name : "from training";
  return "Live model: " + std::string(display_name(ctx.live.kind)) + ", " + from + " (" +
         dl::with_commas(ctx.live.model->param_count()) + " parameters)";
}

}  // namespace

void save_live_model(LiveModel& live, Notices& notices) {
  dl::SafetensorsFile file = live.model->to_safetensors();
  file.metadata["model"] = dl::model_kind_name(live.kind);
  file.metadata["source"] = live.origin_text();
  file.metadata["dataset"] = dl::dataset_info(live.dataset).slug;
  const std::vector<uint8_t> bytes = dl::encode_safetensors(file);
  const std::string name = std::string("digitlab-") + dl::model_kind_name(live.kind) + ".safetensors";
  browser::offer_download(name, bytes);
  char size[32];
  std::snprintf(size, sizeof size, "%.1f MB", bytes.size() / 1e6);
  notices.show("Saved " + name + " (" + size + ", " + display_name(live.kind) +
                   ") to your downloads. Load model... or a drop on the page brings it back.",
               false);
}

std::unique_ptr<ModelFilesState> make_model_files_state() { return std::make_unique<ModelFilesState>(); }

float model_files_section_height(const ModelFilesContext& ctx) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float separator = style.ItemSpacing.y + 1.0f;
  const float wrap = ImGui::GetContentRegionAvail().x;
  float height = separator + ImGui::GetFrameHeightWithSpacing() +
                 ImGui::CalcTextSize(describe_live_model(ctx).c_str(), nullptr, false, wrap).y + style.ItemSpacing.y;
  if (!ctx.notices.text.empty()) {
    height += separator + ImGui::CalcTextSize(ctx.notices.text.c_str(), nullptr, false, wrap).y + style.ItemSpacing.y +
              ImGui::GetTextLineHeightWithSpacing();  // the wrapped notice and its Dismiss button
  }
  return height + style.WindowPadding.y;
}

void draw_model_files(ModelFilesState& state, const ModelFilesContext& ctx) {
  // Files arrive between frames; handle them before drawing so the notice shows this frame.
  for (const browser::ReceivedFile& file : state.received) load_file(ctx, state, file);
  state.received.clear();
  if (state.pending && trainer_idle(ctx)) {
    install(ctx, std::move(*state.pending), true);
    state.pending.reset();
  }

  ImGui::BeginDisabled(!ctx.live.ready());
  if (ImGui::Button("Save model")) ctx.commands.save_model();
  ImGui::EndDisabled();
  automation::record_item("Save model");
  ui::help_tooltip(ctx.live.ready() ? "Download the live model's weights as a .safetensors file\n"
                                         "(readable by numpy and the safetensors library)."
                                       : "Nothing to save yet: train a model or load one.");

  ImGui::SameLine();
  if (ImGui::Button("Load model...")) ctx.commands.open_model_picker();  // JS has usually opened it already
  automation::record_item("Load model");
  // Report where the button is, so the page can open the picker inside the click itself.
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const bool covered = ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopup);
  browser::set_picker_button(browser::PickerButton::load_model, min.x, min.y, max.x - min.x, max.y - min.y, display.x, display.y,
                                   ImGui::IsItemVisible() && !covered);
  ui::help_tooltip("Load a .safetensors model saved by digitlab (MLP or CNN).\n"
                      "Loading stops a training run in progress.");
  ImGui::SameLine();
  ImGui::TextDisabled("or drop one on the page");

  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", describe_live_model(ctx).c_str());
  ImGui::PopStyleColor();
}

void write_model_files_status(const ModelFilesState& state, const LiveModel& live, const dl::TrainerStatus& status,
                              const Datasets& data, dl::lessons::JsonWriter& w) {
  // Computed only when asked (tests compare models before and after a save / load round trip), on
  // a private copy so the live model's per-layer outputs, which views may show, stay untouched.
  // Not while training: the weights change four times a second and the frames need the time.
  const bool weights_moving =
      status.phase == dl::TrainerPhase::training || status.phase == dl::TrainerPhase::validating;
  if (live.ready() && !weights_moving && state.fingerprint_generation != live.generation) {
    state.fingerprint_generation = live.generation;
    const std::vector<float>& params = live.model->parameters();
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
    if (data.test) {
      dl::Sequential copy = dl::make_workshop_model(live.kind);
      copy.compile(dl::OptimizerConfig::defaults(dl::OptimizerKind::adam));
      if (copy.set_parameters(params)) {
        const int n = std::min(32, data.test->count);
        const size_t pixels = data.test->pixels_per_image();
        std::vector<float> x(static_cast<size_t>(n) * pixels), p(static_cast<size_t>(n) * dl::kClassCount);
        dl::image_to_input(data.test->images.data(), x.size(), x.data());
        copy.predict(x.data(), n, p.data());
        for (int i = 0; i < n; ++i)
          state.predictions += static_cast<char>('0' + dl::argmax(p.data() + static_cast<size_t>(i) * dl::kClassCount,
                                                                  dl::kClassCount));
      }
    }
  }
  const bool ready = live.ready();
  const bool current = ready && state.fingerprint_generation == live.generation;  // "" while training
  w.field("liveParameters", static_cast<int64_t>(ready ? live.model->param_count() : 0))
      .field("liveWeightsHash", current ? state.weights_hash : std::string())
      .field("livePredictions", current ? state.predictions : std::string())
      .field("pendingLoad", state.pending.has_value());
}
