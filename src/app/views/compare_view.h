// Two runs, same everything else: a view of the Train panel. Run A is the Train panel's setup;
// run B changes what the student picks here (optimizer, learning rate, batch size, the hidden
// layers' activation, dropout). Both start from the same initial weights and batch order (one
// seed) and take turns batch by batch on the workers; their curves are overlaid and their
// accuracies set side by side.
#pragma once
#include <string>

#include "app/commands/commands.h"
#include "app/state/run_words.h"
#include "app/state/session.h"

struct CompareContext {
  const ComparisonSetup& setup;  // run B's differences (the session's)
  const dl::TrainerStatus& a;
  const dl::TrainerStatus& b;
  bool comparing;  // B exists and belongs to the current run
  bool run_in_progress;  // (rules.h) Train both waits for Reset
  Commands& commands;
};

void draw_compare_view(const CompareContext& ctx);
