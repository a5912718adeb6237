// Two runs, same everything else: a view of the Train panel. Run A is the Train panel's setup;
// run B changes what the student picks here (optimizer, learning rate, batch size, the hidden
// layers' activation, dropout). Both start from the same initial weights and batch order (one
// seed) and take turns batch by batch on the workers; their curves are overlaid and their
// accuracies set side by side.
#pragma once
#include <string>

#include "app/app.h"

struct CompareState {
  dl::OptimizerKind optimizer = dl::OptimizerKind::sgd;
  float learning_rate = 0.01f;
  int batch_size = 64;
  bool relu = false;     // the hidden dense layers: ReLU instead of the workshop's sigmoid
  float dropout = -1;    // -1: the workshop's (MLP none, CNN 0.2)
};

struct CompareContext {
  CompareState& state;
  const dl::TrainerStatus& a;
  const dl::TrainerStatus& b;
  bool comparing;  // B exists and belongs to the current run
  Commands& commands;
};

void draw_compare_view(const CompareContext& ctx);
// What B changes, in words ("sgd, lr 0.01, ReLU"); "nothing" when it is the same setup.
std::string describe_difference(const dl::TrainerConfig& a, const dl::TrainerConfig& b);
// A run's setup in words ("adam, lr 0.001, batch 64, sigmoid").
std::string describe_setup(const dl::TrainerConfig& c);
// After both runs finished the same epoch: "After epoch 1: B is 3.21 points worse than A (sgd, lr
// 0.01)." (the whole test set's accuracy); empty before that.
std::string comparison_verdict(const dl::TrainerStatus& a, const dl::TrainerStatus& b);
