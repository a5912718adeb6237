// The personal set's storage (base64 of its two IDX files under "digitlab.personal.*"), the
// drawing-to-bytes step, the IDX import and the fine-tuning's figures.
#include "app/state/personal_digits.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <utility>

#include "app/bridge/browser.h"
#include "engine/personal_set.h"

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(const std::vector<uint8_t>& bytes) {
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const uint32_t n = (uint32_t(bytes[i]) << 16) | (i + 1 < bytes.size() ? uint32_t(bytes[i + 1]) << 8 : 0u) |
                       (i + 2 < bytes.size() ? uint32_t(bytes[i + 2]) : 0u);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

std::optional<std::vector<uint8_t>> unbase64(const std::string& text) {
  std::vector<uint8_t> out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    const char* at = std::find(kAlphabet, kAlphabet + 64, c);
    if (at == kAlphabet + 64) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(at - kAlphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

}  // namespace

double seconds_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

bool PersonalDigits::forget_armed() const { return seconds_now() - forget_armed_at < kForgetWindow; }

void follow_fine_tune(PersonalDigits& p, const dl::TrainerStatus& status) {
  if (!status.fine_tune.active) return;
  p.last_fine_tune = status.fine_tune;
  if (status.fine_tune.measured_after && p.fine_tune_started >= 0) {
    p.last_fine_tune_seconds = seconds_now() - p.fine_tune_started;
    p.fine_tune_started = -1;
  }
}

int PersonalDigits::count_of(int label) const {
  return static_cast<int>(std::count(set.labels.begin(), set.labels.end(), static_cast<uint8_t>(label)));
}

void load_personal_digits(PersonalDigits& p) {
  p.loaded = true;
  const std::optional<std::string> images = browser::load_preference("personal.images");
  const std::optional<std::string> labels = browser::load_preference("personal.labels");
  if (!images || !labels || images->empty()) return;  // none saved yet (or forgotten)
  const auto ib = unbase64(*images), lb = unbase64(*labels);
  if (!ib || !lb) {
    p.storage_note = "Your saved digits could not be read back (the browser's copy is damaged); starting afresh.";
    return;
  }
  dl::Result<dl::IdxArray> ia = dl::parse_idx(ib->data(), ib->size()), la = dl::parse_idx(lb->data(), lb->size());
  if (!ia || !la) {
    p.storage_note = "Your saved digits could not be read back: " + (!ia ? ia.message() : la.message());
    return;
  }
  dl::Result<dl::Dataset> set = dl::make_dataset(std::move(ia).value(), std::move(la).value());
  if (!set || set->rows != 28 || set->cols != 28) {
    p.storage_note = "Your saved digits could not be read back: " +
                     (!set ? set.message() : std::string("they are not 28 x 28 images"));
    return;
  }
  p.set = std::move(set).value();
  ++p.version;
}

void save_personal_digits(PersonalDigits& p) {
  ++p.version;
  const bool none = p.set.count == 0;
  browser::save_preference("personal.images", none ? std::string() : base64(dl::encode_idx_images(p.set)));
  browser::save_preference("personal.labels", none ? std::string() : base64(dl::encode_idx_labels(p.set)));
}

bool is_idx_file(const browser::ReceivedFile& file) {
  if (file.name.find("idx3-ubyte") != std::string::npos || file.name.find("idx1-ubyte") != std::string::npos)
    return true;
  // IDX's magic: two zero bytes, 0x08 (unsigned bytes), then the number of dimensions (1 or 3).
  const uint8_t* b = file.bytes.get();
  return b && file.size >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0x08 && (b[3] == 1 || b[3] == 3);
}

ImportOutcome import_idx_file(PersonalDigits& p, const browser::ReceivedFile& file) {
  const std::string name = file.name.empty() ? std::string("the file") : file.name;
  auto refuse = [&](const std::string& why) {
    p.imported_images.reset();  // a pair is imported whole or not at all
    p.imported_labels.reset();
    p.failed_import = name;
    p.failed_import_at = seconds_now();
    return ImportOutcome{"Could not import " + name + ": " + why + " Your digits are unchanged.", true};
  };
  if (!file.error.empty()) return refuse(file.error + ".");
  dl::Result<dl::IdxArray> array = dl::parse_idx(file.bytes.get(), file.size);
  if (!array) return refuse(array.message() + ".");
  const size_t dims = array->dims.size();
  if (dims != 1 && dims != 3) return refuse("it is neither an images file (3 dimensions) nor a labels file (1).");
  (dims == 3 ? p.imported_images : p.imported_labels) = std::move(array).value();
  if (!p.imported_images || !p.imported_labels) {
    if (!p.failed_import.empty() && seconds_now() - p.failed_import_at < 3.0) {  // its partner was just refused
      const std::string partner = std::exchange(p.failed_import, std::string());
      p.imported_images.reset();
      p.imported_labels.reset();
      return {"Could not import " + partner + " (see before), so " + name + " was not imported either. Your digits are unchanged.",
              true};
    }
    return {std::string("Read ") + name + "; now import its " + (dims == 3 ? "labels" : "images") +
                " file too (both can be picked at once).",
            false};
  }
  p.failed_import.clear();
  dl::IdxArray images = std::move(*p.imported_images), labels = std::move(*p.imported_labels);
  p.imported_images.reset();
  p.imported_labels.reset();
  dl::Result<dl::Dataset> set = dl::make_dataset(std::move(images), std::move(labels));
  if (!set) return refuse(set.message() + ".");
  if (set->rows != 28 || set->cols != 28)
    return refuse("its images are " + std::to_string(set->rows) + " x " + std::to_string(set->cols) +
                  ", not MNIST's 28 x 28.");
  for (int i = 0; i < set->count; ++i) dl::add_example(p.set, set->image(i), 28, 28, set->labels[static_cast<size_t>(i)]);
  save_personal_digits(p);
  return {"Imported " + std::to_string(set->count) + " digits; you have " + std::to_string(p.set.count) + " now.", false};
}

void add_drawing(PersonalDigits& p, const dl::PreprocessedDigit& drawing, int label) {
  uint8_t bytes[28 * 28];
  for (size_t i = 0; i < drawing.pixels.size(); ++i)
    bytes[i] = static_cast<uint8_t>(std::lround(std::clamp(drawing.pixels[i], 0.0f, 1.0f) * 255.0f));
  dl::add_example(p.set, bytes, 28, 28, label);
  save_personal_digits(p);
}
