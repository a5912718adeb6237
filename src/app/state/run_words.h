// Runs in words, for the notice line, the two-runs view and the accessible layer.
#pragma once
#include <string>

#include "engine/trainer.h"

// What B changes, in words ("sgd, lr 0.01, ReLU"); "nothing" when it is the same setup.
std::string describe_difference(const dl::TrainerConfig& a, const dl::TrainerConfig& b);
// A run's setup in words ("adam, lr 0.001, batch 64, sigmoid").
std::string describe_setup(const dl::TrainerConfig& c);
// After both runs finished the same epoch: "After epoch 1: B is 3.21 points worse than A (sgd, lr
// 0.01)." (the whole test set's accuracy); empty before that.
std::string comparison_verdict(const dl::TrainerStatus& a, const dl::TrainerStatus& b);
