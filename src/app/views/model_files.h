// The model files section of the Train panel (see model_files.cpp): Save model, Load model... and
// the live model in words; reading a file is the session's (state/session.h), through commands.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/commands/commands.h"
#include "app/state/session.h"

// The section's cache of the live model's fingerprint (window.digitlab.status(), for tests).
struct ModelFilesState {
  // The live model's fingerprint, computed on request (not while training) for its `generation`.
  mutable uint64_t fingerprint_generation = ~uint64_t{0};
  mutable std::string weights_hash;    // FNV-1a over the float bits, hex
  mutable std::string predictions;     // predicted digits for the first test images
};

// What the model files section reads of the app, and how it acts on it.
struct ModelFilesContext {
  const LiveModel& live;
  const Notices& notices;
  Commands& commands;
};

// Save model / Load model... and what the live model is (a dropped file goes to Commands::receive_file).
void draw_model_files(const ModelFilesContext& ctx);
// Height of the model files section plus the app's notice under it, so the Train panel can
// leave room for both.
float model_files_section_height(const ModelFilesContext& ctx);
void write_model_files_status(const ModelFilesState& state, const Session& session, dl::lessons::JsonWriter& w);
