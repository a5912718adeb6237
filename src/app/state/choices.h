// The choices a student picks from, each written once and shared by the widget, the accessible
// control, the link and the command that applies it (no dependencies beyond the engine's enums).
#pragma once
#include "app/state/train_settings.h"
#include "engine/optimizer.h"
#include "engine/workshop_models.h"

struct OptimizerChoice {
  dl::OptimizerKind kind;
  const char* label;     // as the widgets and the accessible layer show it
  const char* argument;  // the command's argument ("optimizer adam") and the automation label's tail
  const char* keras;     // the Keras constructor, for the Train button's tooltip
};
inline constexpr OptimizerChoice kOptimizerChoices[] = {
    {dl::OptimizerKind::sgd, "SGD", "sgd", "SGD(learning_rate=%g)"},
    {dl::OptimizerKind::momentum, "Momentum", "momentum", "SGD(learning_rate=%g, momentum=0.9)"},
    {dl::OptimizerKind::adam, "Adam", "adam", "Adam(learning_rate=%g)"},
    {dl::OptimizerKind::rmsprop, "RMSprop", "rmsprop", "RMSprop(learning_rate=%g)"},
};

// Run B's batch size and dropout: what its field and command accept.
inline constexpr int kMinComparisonBatch = 1, kMaxComparisonBatch = 1024;
inline constexpr float kMaxDropout = 0.9f;

// The brush, in the ink grid's pixels (InkCanvas::kDefaultSize square): the Draw panel's slider.
inline constexpr float kMinBrushRadius = 4.0f, kMaxBrushRadius = 22.0f;
