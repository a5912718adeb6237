// The data the page trains and tests on, the live model it predicts with, and the notice line:
// the session's plain parts, which the derived states (test_predictions.h, snapshot_reading.h)
// read too. No ImGui, SDL or GL.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/classes.h"
#include "engine/dataset.h"
#include "engine/sequential.h"
#include "engine/workshop_models.h"

// One dataset as it arrives from the page: each IDX file parsed by the engine's reader as soon as
// it is here (its raw bytes freed at once, so the heap holds one copy), paired once all four are.
struct DatasetArrival {
  std::vector<std::pair<std::string, dl::IdxArray>> parsed;  // by file name
  size_t received_bytes = 0;
  std::shared_ptr<const dl::Dataset> train, test;
  std::string error;       // a corrupt, missing or failed file, shown in the UI
  bool requested = false;  // its download was asked for
};

// The data the page trains and tests on: MNIST (downloaded at start) and, when chosen, another
// dataset in its format (Fashion-MNIST). `train`, `test`, `error` and `received_bytes` are the
// chosen one's, so views read "the data" without caring which it is.
struct Datasets {
  dl::DatasetKind kind = dl::DatasetKind::mnist;
  std::array<DatasetArrival, 2> arrivals;  // by DatasetKind
  size_t received_bytes = 0;
  std::shared_ptr<const dl::Dataset> train, test;
  std::string error;
  bool ready() const { return train && test; }
  int test_count() const { return test ? test->count : 10000; }
  const dl::DatasetInfo& info() const { return dl::dataset_info(kind); }
  const char* class_name(int c) const { return info().class_names[static_cast<size_t>(c)]; }
  DatasetArrival& arrival(dl::DatasetKind k) { return arrivals[static_cast<size_t>(k)]; }
  // Points train / test / error at `kind`'s arrival.
  void show(dl::DatasetKind k);
};

// Where the live model's weights came from.
enum class ModelOrigin { none, training, file };

// The model the page predicts with: a copy of the trainer's latest published weights (or of a
// loaded file), refreshed at most once per frame. Nothing here touches training buffers.
struct LiveModel {
  dl::ModelKind kind = dl::ModelKind::mlp;
  std::unique_ptr<dl::Sequential> model;  // null until there are weights
  uint64_t trainer_version = 0;           // last trainer weights version copied
  ModelOrigin origin = ModelOrigin::none;
  std::string file_name;                  // origin file: the file it was loaded from
  dl::DatasetKind dataset = dl::DatasetKind::mnist;  // what it learnt to classify (its class names)
  uint64_t generation = 0;                // bumps whenever the weights change (views re-predict)

  bool ready() const { return model != nullptr; }
  // "training", "file: name" (for status() and messages).
  std::string origin_text() const;
  // Class probabilities for one 28x28 image in [0,1] (row-major). Requires ready(). Const: it
  // changes the model's scratch buffers only, never what it knows.
  std::array<float, dl::kClassCount> predict(const float* image784) const;
  // Replaces the weights; builds a model of `kind` first if needed.
  dl::Status set_weights(dl::ModelKind kind, const std::vector<float>& weights, ModelOrigin origin,
                         std::string file_name = "");
};

// A one-line message for the student (an error of bad input, what a load did, ...).
struct Notices {
  std::string text;
  bool is_error = false;
  void show(std::string message, bool error) {
    text = std::move(message);
    is_error = error;
  }
  void dismiss() { text.clear(); }
};
