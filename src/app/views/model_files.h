// Model files' UI state (see model_files.cpp): a loaded model waiting for the trainer to stop, and
// a cached fingerprint of the live model for window.digitlab.status().
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/app.h"

struct ModelFilesState {
  // A model read from a file, installed as the live model once the trainer is idle: loading ends
  // the current run, and until the trainer has stopped it could still publish a weight snapshot
  // over the loaded one.
  struct PendingLoad {
    std::string file_name;
    dl::ModelKind kind = dl::ModelKind::mlp;
    std::vector<float> weights;
    dl::DatasetKind dataset = dl::DatasetKind::mnist;
  };
  std::optional<PendingLoad> pending;
  // Model files picked or dropped since the last frame that drew this section (App::receive_files).
  std::vector<browser::ReceivedFile> received;

  // The live model's fingerprint, computed on request (not while training) for its `generation`.
  mutable uint64_t fingerprint_generation = ~uint64_t{0};
  mutable std::string weights_hash;    // FNV-1a over the float bits, hex
  mutable std::string predictions;     // predicted digits for the first test images
};

// What the model files section reads of the app, and how it acts on it.
struct ModelFilesContext {
  LiveModel& live;
  const dl::TrainerStatus& status;
  const Datasets& data;
  Notices& notices;
  Commands& commands;
};

// Save model / Load model..., and files picked or dropped since the last frame.
void draw_model_files(ModelFilesState& state, const ModelFilesContext& ctx);
// Height of the model files section plus the app's notice under it, so the Train panel can
// leave room for both.
float model_files_section_height(const ModelFilesContext& ctx);
void write_model_files_status(const ModelFilesState& state, const LiveModel& live, const dl::TrainerStatus& status,
                              const Datasets& data, dl::lessons::JsonWriter& w);
std::unique_ptr<ModelFilesState> make_model_files_state();
// Offers the live model as a .safetensors download (the Save model command).
void save_live_model(LiveModel& live, Notices& notices);
