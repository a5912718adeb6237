// Fuzz target for model files: dl::decode_safetensors, its round trip through encode_safetensors,
// and Sequential::load_safetensors of what it decodes into the workshop's MLP and CNN (built once
// per process). Inputs that start with "DLED" are edit scripts instead: they damage a copy of a
// model's own file (values, names, shapes, missing and extra tensors) and load that, which
// reaches the loader's success path without megabytes of input.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/safetensors.h"
#include "engine/workshop_models.h"
#include "fuzz_support.h"

namespace {

constexpr char kSource[] = "fuzz.safetensors";

bool same_bits(const float* a, const float* b, size_t n) { return n == 0 || std::memcmp(a, b, n * sizeof(float)) == 0; }

// A workshop model, compiled once, with a copy of the parameters it must keep when a load fails.
struct ModelUnderTest {
  dl::Sequential model;
  std::vector<float> expected;   // what parameters() must equal
  dl::SafetensorsFile own_file;  // the model's own file, which edit scripts damage and then restore

  explicit ModelUnderTest(dl::ModelKind kind) : model(dl::make_workshop_model(kind)) {
    model.compile(dl::OptimizerConfig::defaults(dl::OptimizerKind::adam));
    expected = model.parameters();
    own_file = model.to_safetensors();
  }
};

ModelUnderTest& mlp() {
  static ModelUnderTest m(dl::ModelKind::mlp);
  return m;
}
ModelUnderTest& cnn() {
  static ModelUnderTest m(dl::ModelKind::cnn);
  return m;
}

// The loader's contract: it accepts exactly a file with the model's tensors (no more, no fewer),
// each of the right shape and finite; then the parameters are the file's values. Otherwise
// nothing changes. `touched_only`: compare only the tensors the file names (cheap, for raw inputs).
void check_load(ModelUnderTest& m, const dl::SafetensorsFile& file, bool touched_only) {
  bool should_load = file.tensors.size() == m.model.param_views().size();
  for (const dl::ParamView& v : m.model.param_views()) {
    const dl::NamedTensor* t = file.find(v.name);
    should_load = should_load && t && t->shape == v.shape && t->values.size() == v.count &&
                  std::all_of(t->values.begin(), t->values.end(), [](float x) { return std::isfinite(x); });
  }
  const dl::Status loaded = m.model.load_safetensors(file);
  FUZZ_CHECK(loaded.is_ok() == should_load, "load said '%s' but should %s", loaded.message().c_str(),
             should_load ? "succeed" : "fail");
  const std::vector<float>& params = m.model.parameters();
  FUZZ_CHECK(params.size() == m.expected.size(), "parameter count changed");
  if (loaded) {
    for (const dl::ParamView& v : m.model.param_views())
      FUZZ_CHECK(same_bits(params.data() + v.offset, file.find(v.name)->values.data(), v.count), "%s not loaded",
                 v.name.c_str());
    m.expected = params;
    return;
  }
  // Sequential::load_safetensors quotes a file's tensor names as they are (see the campaign
  // notes), so its messages are held to the display rules only when every name is plain.
  const bool plain_names = std::all_of(file.tensors.begin(), file.tensors.end(),
                                       [](const dl::NamedTensor& t) {
                                         return dl::printable(t.name) == t.name && fuzz::is_utf8(t.name);
                                       });
  FUZZ_CHECK(!loaded.message().empty(), "a refusal without a message");
  FUZZ_CHECK(!plain_names || fuzz::is_displayable_message(loaded.message()), "bad message: %s",
             loaded.message().c_str());
  if (!touched_only) {
    FUZZ_CHECK(same_bits(params.data(), m.expected.data(), params.size()), "a refused load changed the model");
    return;
  }
  for (const dl::NamedTensor& t : file.tensors)
    if (const dl::ParamView* v = m.model.find_param(t.name))
      FUZZ_CHECK(same_bits(params.data() + v->offset, m.expected.data() + v->offset, v->count),
                 "a refused load changed %s", t.name.c_str());
}

void check_round_trip(const dl::SafetensorsFile& file) {
  const std::vector<uint8_t> bytes = dl::encode_safetensors(file);
  dl::Result<dl::SafetensorsFile> again = dl::decode_safetensors(bytes.data(), bytes.size());
  FUZZ_CHECK(again.is_ok(), "re-encoded file does not decode: %s", again.message().c_str());
  FUZZ_CHECK(again->metadata == file.metadata && again->tensors.size() == file.tensors.size(), "round trip");
  for (size_t i = 0; i < file.tensors.size(); ++i) {
    const dl::NamedTensor &a = file.tensors[i], &b = again->tensors[i];
    FUZZ_CHECK(a.name == b.name && a.shape == b.shape && a.values.size() == b.values.size() &&
                   same_bits(a.values.data(), b.values.data(), a.values.size()),
               "tensor %zu differs after a round trip", i);
  }
  FUZZ_CHECK(dl::encode_safetensors(again.value()) == bytes, "encoding is not canonical");
}

void fuzz_raw_file(const uint8_t* data, size_t size) {
  dl::Result<dl::SafetensorsFile> file = dl::decode_safetensors(kSource, data, size);
  if (!file) {
    FUZZ_CHECK(fuzz::starts_with(file.message(), std::string(kSource) + ": "), "unnamed: %s", file.message().c_str());
    FUZZ_CHECK(fuzz::is_displayable_message(file.message()), "bad message: %s", file.message().c_str());
    return;
  }
  size_t values = 0;
  for (const dl::NamedTensor& t : file->tensors) {
    FUZZ_CHECK(t.values.size() == dl::shape_size(t.shape), "%s: shape and values disagree", t.name.c_str());
    values += t.values.size();
  }
  FUZZ_CHECK(values * sizeof(float) <= size, "decoded more data than the input holds");
  check_round_trip(file.value());
  check_load(mlp(), file.value(), /*touched_only=*/true);
  check_load(cnn(), file.value(), /*touched_only=*/true);
}

// An edit script: which model, then up to 16 edits of its own file; each edit logs its inverse,
// and the log is replayed backwards afterwards, so the file is the model's own again.
void fuzz_edits(FuzzedDataProvider& in) {
  ModelUnderTest& m = in.ConsumeBool() ? cnn() : mlp();
  dl::SafetensorsFile& file = m.own_file;
  std::vector<std::function<void()>> undo;
  const auto pick = [&] { return in.ConsumeIntegralInRange<size_t>(0, file.tensors.size() - 1); };
  const auto has_name = [&](const std::string& name) { return file.find(name) != nullptr || name == "__metadata__"; };
  const auto poke = [&](size_t t, size_t i, float v) {
    undo.push_back([&file, t, i, old = file.tensors[t].values[i]] { file.tensors[t].values[i] = old; });
    file.tensors[t].values[i] = v;
  };

  for (int edits = 0; edits < 16 && in.remaining_bytes() > 0 && !file.tensors.empty(); ++edits) {
    switch (in.ConsumeIntegralInRange<int>(0, 5)) {
      case 0: {  // one value: NaN, infinity, anything
        const size_t t = pick();
        if (file.tensors[t].values.empty()) break;
        const size_t i = in.ConsumeIntegralInRange<size_t>(0, file.tensors[t].values.size() - 1);
        poke(t, i, fuzz::any_float(in));
        break;
      }
      case 1: {  // a new name, or another tensor's with a suffix
        const size_t t = pick();
        std::string name = in.ConsumeBool() ? in.ConsumeRandomLengthString(40) : file.tensors[pick()].name + "x";
        if (has_name(name)) break;
        undo.push_back([&file, t, old = file.tensors[t].name] { file.tensors[t].name = old; });
        file.tensors[t].name = std::move(name);
        break;
      }
      case 2: {  // the same name with another (small) shape
        const size_t t = pick();
        dl::NamedTensor small{file.tensors[t].name, {}, {}};
        const int rank = in.ConsumeIntegralInRange<int>(0, 4);
        for (int d = 0; d < rank; ++d) small.shape.push_back(in.ConsumeIntegralInRange<int>(0, 40));
        if (dl::shape_size(small.shape) > 4096) break;
        small.values.assign(dl::shape_size(small.shape), 0.25f);
        auto original = std::make_shared<dl::NamedTensor>(std::exchange(file.tensors[t], std::move(small)));
        undo.push_back([&file, t, original] { file.tensors[t] = std::move(*original); });
        break;
      }
      case 3: {  // a missing tensor
        const size_t t = pick();
        auto original = std::make_shared<dl::NamedTensor>(std::move(file.tensors[t]));
        file.tensors.erase(file.tensors.begin() + static_cast<std::ptrdiff_t>(t));
        undo.push_back([&file, t, original] {
          file.tensors.insert(file.tensors.begin() + static_cast<std::ptrdiff_t>(t), std::move(*original));
        });
        break;
      }
      case 4: {  // an extra tensor
        std::string name = in.ConsumeRandomLengthString(40);
        if (has_name(name)) break;
        file.tensors.push_back({std::move(name), {1}, {fuzz::any_float(in)}});
        undo.push_back([&file] { file.tensors.pop_back(); });
        break;
      }
      case 5: {  // every 997th value of a tensor
        const size_t t = pick();
        const float v = fuzz::any_float(in);
        for (size_t i = 0; i < file.tensors[t].values.size(); i += 997) poke(t, i, v);
        break;
      }
    }
  }
  check_load(m, file, /*touched_only=*/false);
  for (auto it = undo.rbegin(); it != undo.rend(); ++it) (*it)();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size >= 4 && std::memcmp(data, "DLED", 4) == 0) {
    FuzzedDataProvider in(data + 4, size - 4);
    fuzz_edits(in);
  } else {
    fuzz_raw_file(data, size);
  }
  return 0;
}
