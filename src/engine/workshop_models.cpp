// The workshop's MLP and CNN.
#include "engine/workshop_models.h"

#include "engine/classes.h"

namespace dl {

const char* model_kind_name(ModelKind kind) { return kind == ModelKind::mlp ? "mlp" : "cnn"; }

Result<ModelKind> parse_model_kind(const std::string& name) {
  if (name == "mlp") return ModelKind::mlp;
  if (name == "cnn") return ModelKind::cnn;
  return Status::error("unknown model '" + name + "' (expected mlp or cnn)");
}

// One builder for the workshop's models and their variants: the hidden dense layers take the
// variant's activation and, after each, its dropout (the workshop's: none in the MLP, 0.2 in the CNN).
Sequential make_workshop_model(ModelKind kind, const ModelVariant& v) {
  const float dropout = v.dropout >= 0 ? v.dropout : (kind == ModelKind::cnn ? 0.2f : 0.0f);
  auto hidden = [&](Sequential& m, int units) {
    m.add(Dense(units, v.hidden));
    if (dropout > 0) m.add(Dropout(dropout));
  };
  if (kind == ModelKind::mlp) {
    Sequential model({784});
    hidden(model, 784);
    hidden(model, 800);
    model.add(Dense(kClassCount, Activation::softmax));
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
  model.add(Dense(kClassCount, Activation::softmax));
  return model;
}

Sequential make_workshop_model(ModelKind kind) { return make_workshop_model(kind, ModelVariant{}); }

Sequential make_workshop_mlp() { return make_workshop_model(ModelKind::mlp); }

Sequential make_workshop_cnn() { return make_workshop_model(ModelKind::cnn); }

}  // namespace dl
