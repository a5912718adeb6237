// Links a teacher can hand out: "#train?dataset=mnist&model=cnn&optimizer=sgd&lr=0.01&batch=32&epochs=2"
// carries a training setup. Parsing checks every value (a bad one is named and ignored, the rest
// still apply); making writes the current setup. No app state here: tested natively.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/classes.h"
#include "engine/optimizer.h"
#include "engine/workshop_models.h"

struct SetupLink {
  std::optional<dl::DatasetKind> dataset;
  std::optional<dl::ModelKind> model;
  std::optional<dl::OptimizerKind> optimizer;
  std::optional<float> learning_rate;
  std::optional<int> batch_size, epochs;
  std::vector<std::string> problems;  // "lr=abc is not a learning rate (a positive number)"
};

// nullopt when the link is not a training setup ("#train" or "#train?..."); otherwise what it
// sets, with a sentence for each value it could not use.
std::optional<SetupLink> parse_setup_link(std::string_view link);
// The hash for a complete setup, in the parameters' usual order.
std::string make_setup_link(dl::DatasetKind dataset, dl::ModelKind model, dl::OptimizerKind optimizer, float learning_rate,
                            int batch_size, int epochs);
