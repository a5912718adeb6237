// Tests for safetensors files: byte-exact layout as the safetensors library writes it, exact
// round trips, hand-built files, and refusal of malformed or hostile headers and offsets.
#include "engine/safetensors.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::vector<uint8_t> bytes_of(const std::string& text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

std::vector<uint8_t> little_endian_u64(uint64_t v) {
  std::vector<uint8_t> bytes;
  for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<uint8_t>(v >> (8 * i)));
  return bytes;
}

// A file from its parts: the header's length, the header as given (no padding added), the data.
std::vector<uint8_t> file_with_header(const std::string& header,
                                      const std::vector<uint8_t>& data = {0, 0, 0, 0}) {
  std::vector<uint8_t> bytes = little_endian_u64(header.size());
  bytes.insert(bytes.end(), header.begin(), header.end());
  bytes.insert(bytes.end(), data.begin(), data.end());
  return bytes;
}

dl::Result<dl::SafetensorsFile> decode(const std::vector<uint8_t>& bytes) {
  return dl::decode_safetensors(bytes.data(), bytes.size());
}

std::string decode_error(const std::vector<uint8_t>& bytes) {
  auto file = decode(bytes);
  return file.is_ok() ? std::string("(decoded without error)") : file.message();
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("digitlab_safetensors_test_" + name)).string();
}

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::vector<uint8_t> bytes(std::filesystem::file_size(path));
  std::FILE* f = std::fopen(path.c_str(), "rb");
  REQUIRE(f != nullptr);
  REQUIRE(std::fread(bytes.data(), 1, bytes.size(), f) == bytes.size());
  std::fclose(f);
  return bytes;
}

// One valid header that each malformed variant below departs from.
const std::string kValidHeader = R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";

}  // namespace

TEST_CASE("safetensors: encoding matches the safetensors library byte for byte") {
  // The safetensors library's own test serializes {"test": zeros((2, 2))} to a 64-byte header:
  // 60 bytes of compact JSON padded with 4 spaces to a multiple of 8, then the raw data.
  dl::SafetensorsFile file;
  file.tensors.push_back({"test", {2, 2}, {0, 0, 0, 0}});
  const std::string json = R"({"test":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})";
  REQUIRE(json.size() == 60);
  std::vector<uint8_t> expected = {'@', 0, 0, 0, 0, 0, 0, 0};
  const auto header = bytes_of(json + "    ");
  expected.insert(expected.end(), header.begin(), header.end());
  expected.resize(expected.size() + 16, 0);
  CHECK(dl::encode_safetensors(file) == expected);

  SUBCASE("with __metadata__ first, as the library writes it; 95 bytes of JSON pad to 96") {
    file.tensors[0].name = "test1";
    file.metadata["framework"] = "pt";
    const std::string with_metadata =
        R"({"__metadata__":{"framework":"pt"},"test1":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})";
    REQUIRE(with_metadata.size() == 95);
    const std::vector<uint8_t> bytes = dl::encode_safetensors(file);
    CHECK(std::vector<uint8_t>(bytes.begin(), bytes.begin() + 8) == little_endian_u64(96));
    CHECK(std::string(bytes.begin() + 8, bytes.begin() + 8 + 96) == with_metadata + " ");
    CHECK(bytes.size() == 8 + 96 + 16);
  }
}

TEST_CASE("safetensors: the header is always padded to 8 bytes so the data is aligned") {
  for (int name_length = 1; name_length <= 16; ++name_length) {
    dl::SafetensorsFile file;
    file.tensors.push_back({std::string(static_cast<size_t>(name_length), 'w'), {1}, {1.0f}});
    const std::vector<uint8_t> bytes = dl::encode_safetensors(file);
    uint64_t header_length = 0;
    for (int i = 7; i >= 0; --i) header_length = (header_length << 8) | bytes[static_cast<size_t>(i)];
    CAPTURE(name_length);
    CHECK(header_length % 8 == 0);
    CHECK(bytes.size() == 8 + header_length + 4);
    CHECK(bytes[8] == '{');
    // Padding is spaces after the closing brace, never NULs.
    const std::string header(bytes.begin() + 8, bytes.begin() + 8 + static_cast<long>(header_length));
    const size_t close = header.rfind('}');
    CHECK(header.find_first_not_of(' ', close + 1) == std::string::npos);
    CHECK(header.size() - close - 1 < 8);
    // 1.0f is 0x3F800000, stored little-endian.
    CHECK(std::vector<uint8_t>(bytes.end() - 4, bytes.end()) == std::vector<uint8_t>{0x00, 0x00, 0x80, 0x3F});
  }
}

TEST_CASE("safetensors: a hand-built file decodes (any field order, whitespace, data order)") {
  // Tensor "b" is listed first but its data comes second; "__metadata__" comes last.
  const std::string header =
      "{\"b\": {\"shape\": [2], \"dtype\": \"F32\", \"data_offsets\": [4, 12]},\n"
      " \"a\": {\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},\t"
      "\"__metadata__\": {\"format\": \"np\"}}  ";
  const std::vector<uint8_t> data = {
      0x00, 0x00, 0x80, 0x3F,  // a = 1.0
      0x00, 0x00, 0x00, 0xC0,  // b[0] = -2.0
      0x00, 0x00, 0x00, 0x3F,  // b[1] = 0.5
  };
  auto file = decode(file_with_header(header, data));
  REQUIRE_MESSAGE(file.is_ok(), file.message());
  REQUIRE(file->tensors.size() == 2);
  CHECK(file->tensors[0].name == "b");  // header order
  CHECK(file->tensors[0].shape == dl::Shape{2});
  CHECK(file->tensors[0].values == std::vector<float>{-2.0f, 0.5f});
  const dl::NamedTensor* a = file->find("a");
  REQUIRE(a != nullptr);
  CHECK(a->shape.empty());  // a scalar: shape [] holds one float
  CHECK(a->values == std::vector<float>{1.0f});
  CHECK(file->find("c") == nullptr);
  CHECK(file->metadata.at("format") == "np");
}

TEST_CASE("safetensors: encode then decode is exact") {
  dl::SafetensorsFile file;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float denormal = std::numeric_limits<float>::denorm_min();
  const float inf = std::numeric_limits<float>::infinity();
  file.tensors.push_back({"conv1/kernel", {3, 3, 1, 2}, {}});
  for (int i = 0; i < 18; ++i) file.tensors[0].values.push_back(static_cast<float>(i) * 0.1f - 0.7f);
  file.tensors.push_back({"special", {6}, {nan, -0.0f, inf, -inf, denormal, 3.4028235e38f}});
  file.tensors.push_back({"empty", {0, 5}, {}});
  file.tensors.push_back({"scalar", {}, {42.0f}});
  file.tensors.push_back({"ünïcode \"quoted\" \\ name\n", {1}, {1.0f}});
  file.metadata["format"] = "digitlab";
  file.metadata["note"] = "tabs\tnewlines\n\"quotes\" \\ control\x01 and ✓ and 😀";

  const std::vector<uint8_t> bytes = dl::encode_safetensors(file);
  auto decoded = decode(bytes);
  REQUIRE_MESSAGE(decoded.is_ok(), decoded.message());
  REQUIRE(decoded->tensors.size() == file.tensors.size());
  for (size_t i = 0; i < file.tensors.size(); ++i) {
    CAPTURE(file.tensors[i].name);
    CHECK(decoded->tensors[i].name == file.tensors[i].name);
    CHECK(decoded->tensors[i].shape == file.tensors[i].shape);
    CHECK(same_bits(decoded->tensors[i].values, file.tensors[i].values));
  }
  CHECK(decoded->metadata == file.metadata);
  // Control characters are escaped the way serde_json does it.
  CHECK(contains(std::string(bytes.begin(), bytes.end()), "control\\u0001"));
}

TEST_CASE("safetensors: a file with no tensors") {
  dl::SafetensorsFile empty;
  const std::vector<uint8_t> bytes = dl::encode_safetensors(empty);
  CHECK(bytes == file_with_header("{}      ", {}));
  auto decoded = decode(bytes);
  REQUIRE_MESSAGE(decoded.is_ok(), decoded.message());
  CHECK(decoded->tensors.empty());
}

TEST_CASE("safetensors: JSON string escapes decode, including surrogate pairs") {
  auto file = decode(file_with_header(
      R"({"__metadata__":{"k":"\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"));
  REQUIRE_MESSAGE(file.is_ok(), file.message());
  CHECK(file->metadata.at("k") == "\"\\/\b\f\n\r\t\xC3\xA9\xF0\x9F\x98\x80");
}

TEST_CASE("safetensors: too little input is refused") {
  CHECK(contains(decode_error({}), "empty"));
  CHECK(contains(decode_error({1, 0, 0, 0, 0}), "truncated"));
}

TEST_CASE("safetensors: a header length beyond the file is refused") {
  std::vector<uint8_t> bytes = little_endian_u64(1234);
  bytes.resize(bytes.size() + 56, ' ');
  CHECK(decode_error(bytes) == "model file is truncated: header says 1234 bytes but only 56 remain");

  SUBCASE("the largest u64") {
    auto b = little_endian_u64(UINT64_MAX);
    b.push_back('{');
    CHECK(contains(decode_error(b), "above the limit"));
  }
  SUBCASE("just over the library's 100 MB limit") {
    auto b = little_endian_u64(100'000'001);
    b.push_back('{');
    CHECK(contains(decode_error(b), "above the limit of 100000000"));
  }
}

TEST_CASE("safetensors: malformed header JSON is refused") {
  REQUIRE(decode(file_with_header(kValidHeader)).is_ok());
  const std::string deep_array = R"({"a":{"dtype":"F32","shape":)" + std::string(100000, '[');
  const std::string deep_object = R"({"__metadata__":)" + std::string(100000, '{');
  const struct {
    const char* why;
    std::string header;
  } cases[] = {
      {"empty header", ""},
      {"only spaces", "        "},
      {"leading whitespace (the library wants '{' first)", " " + kValidHeader},
      {"an array at the top", "[]"},
      {"unclosed object", R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]})"},
      {"missing value", R"({"a":})"},
      {"missing colon", R"({"a" {"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"},
      {"trailing comma in object", R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},})"},
      {"trailing comma in array", R"({"a":{"dtype":"F32","shape":[1,],"data_offsets":[0,4]}})"},
      {"trailing garbage", kValidHeader + "x"},
      {"a second object", kValidHeader + "{}"},
      {"NUL padding", kValidHeader + std::string(1, '\0')},
      {"single quotes", R"({'a':{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"},
      {"unquoted key", R"({a:{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"},
      {"unterminated string", R"({"a)"},
      {"invalid escape", R"({"a\x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"},
      {"raw newline in a string", "{\"a\n\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"},
      {"lone high surrogate", R"({"a\uD800":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"},
      {"lone low surrogate", R"({"a\uDC00":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"},
      {"bad hex in \\u", R"({"a\u00G0":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"},
      {"invalid UTF-8", "{\"a\xFF\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"},
      {"overlong UTF-8", "{\"a\xC0\xAF\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"},
      {"leading zero", R"({"a":{"dtype":"F32","shape":[01],"data_offsets":[0,4]}})"},
      {"fraction", R"({"a":{"dtype":"F32","shape":[1.0],"data_offsets":[0,4]}})"},
      {"exponent", R"({"a":{"dtype":"F32","shape":[1e0],"data_offsets":[0,4]}})"},
      {"negative", R"({"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})"},
      {"integer past 2^64", R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,18446744073709551616]}})"},
      {"dim past INT_MAX", R"({"a":{"dtype":"F32","shape":[2147483648],"data_offsets":[0,4]}})"},
      {"true as a dim", R"({"a":{"dtype":"F32","shape":[true],"data_offsets":[0,4]}})"},
      {"null shape", R"({"a":{"dtype":"F32","shape":null,"data_offsets":[0,4]}})"},
      {"dtype not a string", R"({"a":{"dtype":32,"shape":[1],"data_offsets":[0,4]}})"},
      {"tensor not an object", R"({"a":[1]})"},
      {"missing dtype", R"({"a":{"shape":[1],"data_offsets":[0,4]}})"},
      {"missing shape", R"({"a":{"dtype":"F32","data_offsets":[0,4]}})"},
      {"missing data_offsets", R"({"a":{"dtype":"F32","shape":[1]}})"},
      {"unknown field", R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"extra":1}})"},
      {"duplicate field", R"({"a":{"dtype":"F32","dtype":"F32","shape":[1],"data_offsets":[0,4]}})"},
      {"duplicate tensor",
       R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[0],"data_offsets":[4,4]}})"},
      {"one data offset", R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4]}})"},
      {"three data offsets", R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,4]}})"},
      {"metadata value not a string",
       R"({"__metadata__":{"epochs":3},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"},
      {"metadata not an object",
       R"({"__metadata__":"x","a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"},
      {"duplicate metadata key",
       R"({"__metadata__":{"k":"1","k":"2"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"},
      {"two __metadata__",
       R"({"__metadata__":{},"__metadata__":{},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"},
      {"deeply nested arrays", deep_array},
      {"deeply nested objects", deep_object},
  };
  for (const auto& c : cases) {
    CAPTURE(c.why);
    const std::string message = decode_error(file_with_header(c.header));
    CHECK_MESSAGE(contains(message, "model file"), message);
  }
}

TEST_CASE("safetensors: syntax errors say where they are") {
  const std::string message = decode_error(file_with_header(R"({"a" {"dtype":"F32"}})"));
  CHECK(message == "malformed JSON in the model file header at byte 5: expected ':' but found '{'");
}

TEST_CASE("safetensors: only F32 is accepted") {
  const std::string message =
      decode_error(file_with_header(R"({"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}})"));
  CHECK(contains(message, "\"F16\""));
  CHECK(contains(message, "only F32"));
}

TEST_CASE("safetensors: offsets must match shapes and tile the data region") {
  const auto decode_with = [](const std::string& header, size_t data_bytes) {
    return decode_error(file_with_header(header, std::vector<uint8_t>(data_bytes, 0)));
  };
  SUBCASE("out of range") {
    CHECK(contains(decode_with(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", 4),
                   "outside the data region of 4 bytes"));
    CHECK(contains(
        decode_with(
            R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[18446744073709551612,18446744073709551615]}})",
            4),
        "outside the data region"));
  }
  SUBCASE("end before begin") {
    CHECK(contains(decode_with(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}})", 4),
                   "end before they begin"));
  }
  SUBCASE("span disagrees with the shape") {
    CHECK(contains(decode_with(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8),
                   "has shape (3,), which needs 12 bytes, but its data_offsets span 8 bytes"));
  }
  SUBCASE("a shape whose product overflows") {
    CHECK(contains(
        decode_with(
            R"({"a":{"dtype":"F32","shape":[2147483647,2147483647,2147483647,4],"data_offsets":[0,4]}})", 4),
        "which needs more than 2^64 bytes"));
  }
  SUBCASE("overlapping tensors") {
    CHECK(contains(decode_with(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                               R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                               12),
                   "'a' and 'b' overlap"));
  }
  SUBCASE("the same bytes claimed twice") {
    CHECK(contains(decode_with(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                               R"("b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})",
                               4),
                   "overlap"));
  }
  SUBCASE("a gap between tensors") {
    CHECK(contains(decode_with(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                               R"("b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
                               12),
                   "bytes 4 to 8 of the data region belong to no tensor"));
  }
  SUBCASE("data past the last tensor") {
    CHECK(contains(decode_with(kValidHeader, 8), "has 8 bytes but the tensors cover only 4"));
  }
  SUBCASE("data and no tensors") { CHECK(contains(decode_with("{}", 4), "cover only 0")); }
  SUBCASE("an empty tensor may sit anywhere inside the region") {
    auto file = decode(file_with_header(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                                        R"("e":{"dtype":"F32","shape":[0,3],"data_offsets":[4,4]}})"));
    REQUIRE_MESSAGE(file.is_ok(), file.message());
    CHECK(file->find("e")->values.empty());
  }
}

TEST_CASE("safetensors: write and read a file") {
  const std::string path = temp_path("model.safetensors");
  dl::SafetensorsFile file;
  file.tensors.push_back({"dense/kernel", {2, 3}, {1, 2, 3, 4, 5, 6}});
  file.tensors.push_back({"dense/bias", {3}, {-1, 0, 1}});
  file.metadata["format"] = "digitlab";
  REQUIRE(dl::write_safetensors_file(path, file).is_ok());
  CHECK(read_bytes(path) == dl::encode_safetensors(file));
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));

  auto read = dl::read_safetensors_file(path);
  REQUIRE_MESSAGE(read.is_ok(), read.message());
  CHECK(read->find("dense/kernel")->values == file.tensors[0].values);
  CHECK(read->find("dense/bias")->shape == dl::Shape{3});

  SUBCASE("saving again replaces the file") {
    file.tensors[1].values = {7, 8, 9};
    REQUIRE(dl::write_safetensors_file(path, file).is_ok());
    CHECK(dl::read_safetensors_file(path)->find("dense/bias")->values == std::vector<float>{7, 8, 9});
  }
  SUBCASE("a failed save leaves the old file intact") {
    // A directory where the temporary file would go makes the save fail part-way.
    std::filesystem::create_directory(path + ".tmp");
    dl::SafetensorsFile other;
    other.tensors.push_back({"x", {1}, {5}});
    const dl::Status status = dl::write_safetensors_file(path, other);
    std::filesystem::remove(path + ".tmp");
    CHECK_FALSE(status.is_ok());
    CHECK(contains(status.message(), "cannot save " + path));
    CHECK(read_bytes(path) == dl::encode_safetensors(file));
  }
  SUBCASE("invalid tensors are an error, not a crash, and write nothing") {
    dl::SafetensorsFile bad;
    bad.tensors.push_back({"x", {2, 2}, {1, 2, 3}});
    const dl::Status status = dl::write_safetensors_file(path, bad);
    CHECK(contains(status.message(), "has shape (2, 2) but 3 values"));
    bad.tensors = {{"x", {1}, {1}}, {"x", {1}, {2}}};
    CHECK(contains(dl::write_safetensors_file(path, bad).message(), "appears twice"));
    bad.tensors = {{"__metadata__", {1}, {1}}};
    CHECK_FALSE(dl::write_safetensors_file(path, bad).is_ok());
    bad.tensors = {{"\xFF", {1}, {1}}};
    CHECK(contains(dl::write_safetensors_file(path, bad).message(), "UTF-8"));
    CHECK(read_bytes(path) == dl::encode_safetensors(file));
  }
  std::filesystem::remove(path);
}

TEST_CASE("safetensors: file errors name the path") {
  const std::string missing = temp_path("missing.safetensors");
  std::filesystem::remove(missing);
  auto read = dl::read_safetensors_file(missing);
  REQUIRE_FALSE(read.is_ok());
  CHECK(contains(read.message(), "cannot open " + missing));

  const std::string in_missing_dir = temp_path("no_such_dir") + "/model.safetensors";
  const dl::Status status = dl::write_safetensors_file(in_missing_dir, dl::SafetensorsFile{});
  CHECK(contains(status.message(), "cannot save " + in_missing_dir));

  const std::string truncated = temp_path("truncated.safetensors");
  dl::SafetensorsFile file;
  file.tensors.push_back({"w", {4}, {1, 2, 3, 4}});
  REQUIRE(dl::write_safetensors_file(truncated, file).is_ok());
  std::filesystem::resize_file(truncated, std::filesystem::file_size(truncated) - 1);
  auto cut = dl::read_safetensors_file(truncated);
  std::filesystem::remove(truncated);
  REQUIRE_FALSE(cut.is_ok());
  CHECK(contains(cut.message(), truncated));
  CHECK(contains(cut.message(), "outside the data region of 15 bytes"));
}
