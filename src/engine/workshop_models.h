// The workshop's two networks, exactly as its Keras code builds them.
#pragma once
#include "engine/sequential.h"

namespace dl {

enum class ModelKind { mlp, cnn };
const char* model_kind_name(ModelKind kind);  // "mlp", "cnn"
Result<ModelKind> parse_model_kind(const std::string& name);

// MLP: Dense(784, sigmoid, input 784) -> Dense(800, sigmoid) -> Dense(10, softmax); 1,251,450 params.
Sequential make_workshop_mlp();
// CNN: Conv2D(32,3x3,relu) x2 -> MaxPool(2) -> Conv2D(64,3x3,relu) x2 -> MaxPool(2) -> Flatten ->
// Dense(1024, sigmoid) -> Dropout(0.2) -> Dense(1024, sigmoid) -> Dropout(0.2) -> Dense(10, softmax);
// 2,174,442 params.
Sequential make_workshop_cnn();
Sequential make_workshop_model(ModelKind kind);

// A variant for comparing runs: the activation of the dense hidden layers (the MLP's two, the
// CNN's two Dense(1024)) and the dropout after each of them (the CNN's is 0.2; the MLP has none).
// The parameters keep the workshop model's layout, so weights move between variants.
struct ModelVariant {
  Activation hidden = Activation::sigmoid;
  float dropout = -1.0f;  // -1: the workshop's (MLP 0, CNN 0.2)
};
Sequential make_workshop_model(ModelKind kind, const ModelVariant& variant);

}  // namespace dl
