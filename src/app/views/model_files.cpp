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
#include "app/state/rules.h"
#include "engine/workshop_models.h"

float model_files_section_height(const ModelFilesContext& ctx) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float separator = style.ItemSpacing.y + 1.0f;
  const float wrap = ImGui::GetContentRegionAvail().x;
  float height = separator + ImGui::GetFrameHeightWithSpacing() +
                 ImGui::CalcTextSize(describe_live_model(ctx.live).c_str(), nullptr, false, wrap).y + style.ItemSpacing.y;
  if (!ctx.notices.text.empty()) {
    height += separator + ImGui::CalcTextSize(ctx.notices.text.c_str(), nullptr, false, wrap).y + style.ItemSpacing.y +
              ImGui::GetTextLineHeightWithSpacing();  // the wrapped notice and its Dismiss button
  }
  return height + style.WindowPadding.y;
}

void draw_model_files(const ModelFilesContext& ctx) {
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
  ImGui::TextWrapped("%s", describe_live_model(ctx.live).c_str());
  ImGui::PopStyleColor();
}

void write_model_files_status(const ModelFilesState& state, const Session& session, dl::lessons::JsonWriter& w) {
  const LiveModel& live = session.live;
  const Datasets& data = session.data;
  // Computed only when asked (tests compare models before and after a save / load round trip), on
  // a private copy so the live model's per-layer outputs, which views may show, stay untouched.
  // Not while training: the weights change four times a second and the frames need the time.
  const bool weights_moving = trainer_running(session.status);
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
      .field("pendingLoad", session.loading.pending.has_value());
}
