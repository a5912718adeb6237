// The setup link's parser and writer.
#include "app/state/setup_link.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iterator>

#include "app/state/train_settings.h"

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<int> whole_number(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<float> positive_number(std::string_view text) {
  const std::string copy(text);
  char* end = nullptr;
  const float v = std::strtof(copy.c_str(), &end);
  if (copy.empty() || end != copy.c_str() + copy.size() || !std::isfinite(v) || !(v > 0.0f)) return std::nullopt;
  return v;
}

}  // namespace

std::optional<SetupLink> parse_setup_link(std::string_view link) {
  if (const size_t hash = link.find('#'); hash != std::string_view::npos) link.remove_prefix(hash + 1);
  while (!link.empty() && link.front() == '/') link.remove_prefix(1);
  const size_t query = link.find('?');
  if (lower(link.substr(0, query)) != "train") return std::nullopt;
  SetupLink out;
  std::string_view rest = query == std::string_view::npos ? std::string_view() : link.substr(query + 1);
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    const std::string key = lower(pair.substr(0, eq));
    const std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    const std::string shown = std::string(pair.substr(0, 60));
    auto problem = [&](const std::string& what) { out.problems.push_back(shown + " is not " + what); };
    if (key == "dataset") {
      if (auto d = dl::dataset_from_slug(lower(value))) out.dataset = d;
      else problem("a dataset (mnist or fashion-mnist)");
    } else if (key == "model") {
      if (auto m = dl::parse_model_kind(lower(value))) out.model = m.value();
      else problem("a model (mlp or cnn)");
    } else if (key == "optimizer") {
      if (auto o = dl::parse_optimizer(lower(value))) out.optimizer = o.value();
      else problem("an optimizer (sgd, momentum, adam or rmsprop)");
    } else if (key == "lr") {
      const std::optional<float> lr = positive_number(value);
      if (lr && *lr <= kMaxTypedLearningRate) out.learning_rate = lr;
      else problem("a learning rate (a positive number)");
    } else if (key == "batch") {
      const std::optional<int> b = whole_number(value);
      if (b && std::find(std::begin(kBatchSizes), std::end(kBatchSizes), *b) != std::end(kBatchSizes)) out.batch_size = b;
      else problem("a batch size (16, 32, 64, 128, 256 or 512)");
    } else if (key == "epochs") {
      const std::optional<int> e = whole_number(value);
      if (e && *e >= 1 && *e <= kMaxEpochs) out.epochs = e;
      else problem("a number of epochs (1 to " + std::to_string(kMaxEpochs) + ")");
    } else {
      out.problems.push_back(shown + " is not a setting the page knows (dataset, model, optimizer, lr, batch, epochs)");
    }
  }
  return out;
}

std::string make_setup_link(dl::DatasetKind dataset, dl::ModelKind model, dl::OptimizerKind optimizer, float learning_rate,
                            int batch_size, int epochs) {
  char lr[32];
  std::snprintf(lr, sizeof lr, "%g", double(learning_rate));
  return std::string("#train?dataset=") + dl::dataset_info(dataset).slug + "&model=" + dl::model_kind_name(model) +
         "&optimizer=" + dl::optimizer_name(optimizer) + "&lr=" + lr + "&batch=" + std::to_string(batch_size) +
         "&epochs=" + std::to_string(epochs);
}
