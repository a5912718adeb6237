// Writes the fuzz targets' seed corpora (tests/fuzz/corpus/<target>/): small valid and
// near-valid inputs, made by the engine itself where it can. Run it from the repository root:
//   build/fuzz/tests/fuzz/fuzz_seeds tests/fuzz/corpus
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "engine/layers.h"
#include "engine/random.h"
#include "engine/safetensors.h"
#include "engine/sequential.h"
#include "engine/workshop_models.h"

namespace {

using Bytes = std::vector<uint8_t>;
std::filesystem::path g_root;

void write(const std::string& target, const std::string& name, const Bytes& bytes) {
  const std::filesystem::path dir = g_root / target;
  std::filesystem::create_directories(dir);
  std::FILE* f = std::fopen((dir / name).string().c_str(), "wb");
  if (!f || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) {
    std::fprintf(stderr, "cannot write %s\n", (dir / name).string().c_str());
    std::exit(1);
  }
  std::fclose(f);
}

Bytes text(const std::string& s) { return Bytes(s.begin(), s.end()); }

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// ---- IDX -----------------------------------------------------------------------------------

Bytes idx(std::initializer_list<uint32_t> dims, const Bytes& data, uint8_t type = 0x08) {
  Bytes b = {0, 0, type, static_cast<uint8_t>(dims.size())};
  for (uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<uint8_t>(d >> shift));
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

// The idx target's pair form: two bytes giving the images part's length, images, labels.
Bytes pair(const Bytes& images, const Bytes& labels) {
  return concat({{static_cast<uint8_t>(images.size() >> 8), static_cast<uint8_t>(images.size())}, images, labels});
}

// A 7 x 7 "1" and "0", drawn here (not MNIST's), as 0..255 pixels.
Bytes tiny_digits() {
  Bytes px(2 * 49, 0);
  for (int r = 1; r < 6; ++r) px[static_cast<size_t>(r * 7 + 3)] = 255;
  for (int r = 1; r < 6; ++r)
    for (int c = 1; c < 6; ++c)
      if (r == 1 || r == 5 || c == 1 || c == 5) px[static_cast<size_t>(49 + r * 7 + c)] = 200;
  return px;
}

void idx_seeds() {
  const Bytes images = idx({2, 7, 7}, tiny_digits()), labels = idx({2}, {1, 0});
  write("idx", "images-2x7x7", images);
  write("idx", "labels-2", labels);
  write("idx", "pair-ok", pair(images, labels));
  write("idx", "pair-count-mismatch", pair(images, idx({3}, {1, 0, 4})));
  write("idx", "pair-label-10", pair(images, idx({2}, {1, 10})));
  write("idx", "pair-swapped", pair(labels, images));
  write("idx", "pair-zero-images", pair(idx({0, 28, 28}, {}), idx({0}, {})));
  write("idx", "pair-empty-size", pair(idx({2, 0, 7}, {}), labels));
  write("idx", "pair-32x32-header", pair(idx({1, 32, 32}, Bytes(1024, 17)), idx({1}, {5})));
  Bytes digit28(784, 0);
  for (int r = 6; r < 22; ++r) digit28[static_cast<size_t>(r * 28 + 14)] = 255;  // a "1" in the middle
  write("idx", "pair-28x28", pair(idx({1, 28, 28}, digit28), idx({1}, {1})));
  Bytes truncated = images;
  truncated.resize(truncated.size() - 5);
  write("idx", "images-truncated", truncated);
  write("idx", "labels-trailing-byte", concat({labels, {9}}));
  write("idx", "float32-type", idx({2}, Bytes(8, 0), 0x0D));
  write("idx", "magic-2050", idx({2, 2}, {1, 2, 3, 4}));
  write("idx", "gzip-magic", {0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0});
  write("idx", "dim-ffffffff", idx({0xFFFFFFFFu}, {1, 2, 3}));
  write("idx", "dims-wrap-64-bits", idx({0x7FFFFFFFu, 0x7FFFFFFFu, 0x7FFFFFFFu}, {1}));
  write("idx", "dims-2-to-32", idx({65536, 256, 256}, {}));
}

// ---- safetensors ---------------------------------------------------------------------------

Bytes file_with_header(const std::string& header, const Bytes& data) {
  Bytes b;
  for (int i = 0; i < 8; ++i) b.push_back(static_cast<uint8_t>(static_cast<uint64_t>(header.size()) >> (8 * i)));
  return concat({b, text(header), data});
}

// The header of a file (its JSON, unpadded) without the data after it.
Bytes header_only(const Bytes& file) {
  uint64_t length = 0;
  for (int i = 7; i >= 0; --i) length = (length << 8) | file[static_cast<size_t>(i)];
  return Bytes(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(8 + length));
}

void safetensors_seeds() {
  // A tiny model saved by the engine: Dense(3) on 4 inputs, then Dense(2, softmax).
  dl::Sequential tiny({4});
  tiny.add(dl::Dense(3, dl::Activation::sigmoid));
  tiny.add(dl::Dense(2, dl::Activation::softmax));
  tiny.compile(dl::OptimizerConfig::defaults(dl::OptimizerKind::adam), 3);
  const Bytes tiny_file = dl::encode_safetensors(tiny.to_safetensors());
  write("safetensors", "tiny-model", tiny_file);
  write("safetensors", "tiny-model-header-only", header_only(tiny_file));
  Bytes cut = tiny_file;
  cut.resize(cut.size() - 3);
  write("safetensors", "tiny-model-truncated", cut);

  // The workshop models' headers (the real names and shapes) without their megabytes of data.
  dl::Sequential mlp = dl::make_workshop_mlp(), cnn = dl::make_workshop_cnn();
  mlp.compile(dl::OptimizerConfig::defaults(dl::OptimizerKind::adam));
  cnn.compile(dl::OptimizerConfig::defaults(dl::OptimizerKind::adam));
  write("safetensors", "mlp-header-only", header_only(dl::encode_safetensors(mlp.to_safetensors())));
  write("safetensors", "cnn-header-only", header_only(dl::encode_safetensors(cnn.to_safetensors())));

  // The MLP's names with one float each: decodes, then the loader refuses every shape.
  dl::SafetensorsFile small_mlp;
  for (const dl::ParamView& v : mlp.param_views()) small_mlp.tensors.push_back({v.name, {1}, {0.5f}});
  write("safetensors", "mlp-names-tiny-shapes", dl::encode_safetensors(small_mlp));

  write("safetensors", "empty-object", file_with_header("{}      ", {}));
  write("safetensors", "metadata-only", file_with_header(R"({"__metadata__":{"format":"pt"}})", {}));
  write("safetensors", "scalar-and-empty",
        file_with_header(R"({"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"e":{"dtype":"F32","shape":[0,3],"data_offsets":[4,4]}})",
                         {0, 0, 0x80, 0x3F}));
  write("safetensors", "escapes",
        file_with_header(R"({"__metadata__":{"k\u00e9":"\ud83d\ude00\n\t\"\\\/"},"a\u0001b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})",
                         {0, 0, 0xC0, 0x7F}));  // NaN
  write("safetensors", "f16", file_with_header(R"({"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}})", {0, 0, 0, 0}));
  write("safetensors", "overlap",
        file_with_header(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})",
                         {0, 0, 0, 0}));

  // Edit scripts (see safetensors_fuzz.cpp): "DLED" then bytes the edits are read from.
  dl::Rng rng(11);
  for (size_t n : {8, 32, 128}) {
    Bytes script = text("DLED");
    for (size_t i = 0; i < n; ++i) script.push_back(static_cast<uint8_t>(rng.next()));
    write("safetensors", "edits-" + std::to_string(n), script);
  }
}

// ---- inputs read through FuzzedDataProvider: seeded bytes of a few sizes --------------------

void random_seeds(const std::string& target, uint64_t seed, std::initializer_list<size_t> sizes) {
  dl::Rng rng(seed);
  for (size_t n : sizes) {
    Bytes bytes(n);
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(rng.next());
    write(target, "random-" + std::to_string(n), bytes);
  }
}

void deep_link_seeds() {
  const char* const links[] = {
      "#conv/step=17", "conv/step=17", "#/conv?step=17", "http://127.0.0.1:8000/#dense/step=3", "#MATMUL/STEP=2",
      "#pool/step=-1", "#relu/step=99999999999", "#inside?foo=1&step=2", " #descent/step=0 ", "#unknown/step=1",
      "#images;step=5", "#perceptron/step=", "#crossentropy/step=1&step=2", "#dropout", "##conv//step=0x10"};
  int i = 0;
  for (const char* link : links) write("deep_link", "link-" + std::to_string(i++), text(link));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_seeds CORPUS_DIR (e.g. tests/fuzz/corpus)\n");
    return 2;
  }
  g_root = argv[1];
  idx_seeds();
  safetensors_seeds();
  deep_link_seeds();
  random_seeds("ink", 21, {16, 64, 256, 1024, 4096});
  random_seeds("lessons", 31, {16, 64, 256, 1024, 4096});
  std::printf("seed corpora written under %s\n", g_root.string().c_str());
  return 0;
}
