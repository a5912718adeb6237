// The workshop's MLP and CNN.
#include "engine/workshop_models.h"

namespace dl {

const char* model_kind_name(ModelKind kind) { return kind == ModelKind::mlp ? "mlp" : "cnn"; }

Result<ModelKind> parse_model_kind(const std::string& name) {
  if (name == "mlp") return ModelKind::mlp;
  if (name == "cnn") return ModelKind::cnn;
  return Status::error("unknown model '" + name + "' (expected mlp or cnn)");
}

Sequential make_workshop_mlp() {
  Sequential model({784});
  model.add(Dense(784, Activation::sigmoid));
  model.add(Dense(800, Activation::sigmoid));
  model.add(Dense(10, Activation::softmax));
  return model;
}

Sequential make_workshop_cnn() {
  Sequential model({28, 28, 1});
  model.add(Conv2D(32, 3, Activation::relu));
  model.add(Conv2D(32, 3, Activation::relu));
  model.add(MaxPooling2D(2, 2));
  model.add(Conv2D(64, 3, Activation::relu));
  model.add(Conv2D(64, 3, Activation::relu));
  model.add(MaxPooling2D(2, 2));
  model.add(Flatten());
  model.add(Dense(1024, Activation::sigmoid));
  model.add(Dropout(0.2f));
  model.add(Dense(1024, Activation::sigmoid));
  model.add(Dropout(0.2f));
  model.add(Dense(10, Activation::softmax));
  return model;
}

Sequential make_workshop_model(ModelKind kind) {
  return kind == ModelKind::mlp ? make_workshop_mlp() : make_workshop_cnn();
}

Sequential make_workshop_model(ModelKind kind, const ModelVariant& v) {
  if (v.is_workshop()) return make_workshop_model(kind);
  const float dropout = v.dropout >= 0 ? v.dropout : (kind == ModelKind::cnn ? 0.2f : 0.0f);
  auto hidden = [&](Sequential& m, int units) {
    m.add(Dense(units, v.hidden));
    if (dropout > 0) m.add(Dropout(dropout));
  };
  if (kind == ModelKind::mlp) {
    Sequential model({784});
    hidden(model, 784);
    hidden(model, 800);
    model.add(Dense(10, Activation::softmax));
    return model;
  }
  Sequential model({28, 28, 1});
  model.add(Conv2D(32, 3, Activation::relu));
  model.add(Conv2D(32, 3, Activation::relu));
  model.add(MaxPooling2D(2, 2));
  model.add(Conv2D(64, 3, Activation::relu));
  model.add(Conv2D(64, 3, Activation::relu));
  model.add(MaxPooling2D(2, 2));
  model.add(Flatten());
  hidden(model, 1024);
  hidden(model, 1024);
  model.add(Dense(10, Activation::softmax));
  return model;
}

}  // namespace dl
