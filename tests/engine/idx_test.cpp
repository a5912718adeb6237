// Tests for the IDX reader: well-formed files decode, and every kind of damaged or hostile
// header is refused with a clear message and without a huge allocation.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "engine/dataset.h"

namespace {

// An IDX file's bytes: magic (0, 0, type, ndims), big-endian dims, then the data as given.
std::vector<uint8_t> idx_bytes(std::initializer_list<uint32_t> dims, const std::vector<uint8_t>& data,
                               uint8_t type = 0x08) {
  std::vector<uint8_t> bytes = {0, 0, type, static_cast<uint8_t>(dims.size())};
  for (uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<uint8_t>(d >> shift));
  }
  bytes.insert(bytes.end(), data.begin(), data.end());
  return bytes;
}

dl::Result<dl::IdxArray> parse(const std::vector<uint8_t>& bytes, size_t max_bytes = size_t{1} << 30) {
  return dl::parse_idx(bytes.data(), bytes.size(), max_bytes);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("digitlab_idx_test_" + name)).string();
}

void write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size());
  std::fclose(f);
}

}  // namespace

TEST_CASE("idx: a labels file decodes to its dims and bytes") {
  auto array = parse(idx_bytes({3}, {7, 0, 9}));
  REQUIRE_MESSAGE(array.is_ok(), array.message());
  CHECK(array->dims == std::vector<int>{3});
  CHECK(array->data == std::vector<uint8_t>{7, 0, 9});
}

TEST_CASE("idx: an images file decodes with the magic number's 3 dims") {
  // Magic 0x00000803 = 2051: the bytes 00 00 08 03 as MNIST's images files begin.
  auto bytes = idx_bytes({2, 2, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  CHECK(bytes[0] == 0x00);
  CHECK(bytes[3] == 0x03);
  auto array = parse(bytes);
  REQUIRE_MESSAGE(array.is_ok(), array.message());
  CHECK(array->dims == std::vector<int>{2, 2, 3});
  CHECK(array->data.size() == 12);
  CHECK(array->data.back() == 12);
}

TEST_CASE("idx: dims are read big-endian") {
  // 0x00000102 = 258 labels: little-endian reading would see 0x02010000.
  auto array = parse(idx_bytes({258}, std::vector<uint8_t>(258, 1)));
  REQUIRE_MESSAGE(array.is_ok(), array.message());
  CHECK(array->dims == std::vector<int>{258});
}

TEST_CASE("idx: an empty array (a zero dim) is valid at this level") {
  auto array = parse(idx_bytes({0, 28, 28}, {}));
  REQUIRE_MESSAGE(array.is_ok(), array.message());
  CHECK(array->data.empty());
}

TEST_CASE("idx: empty input is refused") {
  auto array = dl::parse_idx(nullptr, 0);
  REQUIRE_FALSE(array.is_ok());
  CHECK(contains(array.message(), "empty"));
}

TEST_CASE("idx: a header cut short is refused") {
  SUBCASE("inside the magic number") {
    auto array = parse({0, 0, 8});
    REQUIRE_FALSE(array.is_ok());
    CHECK(contains(array.message(), "truncated"));
  }
  SUBCASE("inside the dims") {
    auto bytes = idx_bytes({2, 2, 3}, {});
    bytes.resize(9);  // magic + 1 dim + 1 byte of the second
    auto array = parse(bytes);
    REQUIRE_FALSE(array.is_ok());
    CHECK(contains(array.message(), "header is truncated"));
  }
}

TEST_CASE("idx: a wrong magic number is refused") {
  SUBCASE("non-zero leading bytes (e.g. a gzip file that was not unpacked)") {
    auto array = parse({0x1F, 0x8B, 0x08, 0x00, 1, 2, 3, 4});
    REQUIRE_FALSE(array.is_ok());
    CHECK(contains(array.message(), "not an IDX file"));
  }
  SUBCASE("two dims (2050) is neither images nor labels") {
    auto array = parse(idx_bytes({2, 2}, {1, 2, 3, 4}));
    REQUIRE_FALSE(array.is_ok());
    CHECK(contains(array.message(), "2050"));
    CHECK(contains(array.message(), "2051"));
  }
  SUBCASE("zero dims") {
    auto array = parse(idx_bytes({}, {5}));
    REQUIRE_FALSE(array.is_ok());
    CHECK(contains(array.message(), "magic"));
  }
}

TEST_CASE("idx: element types other than unsigned byte are refused by name") {
  auto array = parse(idx_bytes({2}, {0, 0, 0, 0, 0, 0, 0, 0}, 0x0D));
  REQUIRE_FALSE(array.is_ok());
  CHECK(contains(array.message(), "0x0D"));
  CHECK(contains(array.message(), "float32"));
  CHECK(contains(array.message(), "only 0x08"));
}

TEST_CASE("idx: data shorter than the dims declare is refused") {
  auto array = parse(idx_bytes({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7}));
  REQUIRE_FALSE(array.is_ok());
  CHECK(contains(array.message(), "truncated"));
  CHECK(contains(array.message(), "need 8 bytes but only 7"));
}

TEST_CASE("idx: data longer than the dims declare is refused") {
  auto array = parse(idx_bytes({3}, {1, 2, 3, 4}));
  REQUIRE_FALSE(array.is_ok());
  CHECK(contains(array.message(), "1 unexpected bytes"));
}

TEST_CASE("idx: huge declared sizes are refused without allocating them") {
  SUBCASE("a dim of 0xFFFFFFFF") {
    auto array = parse(idx_bytes({0xFFFFFFFFu}, {1, 2, 3}));
    REQUIRE_FALSE(array.is_ok());
    CHECK(contains(array.message(), "4294967295"));
  }
  SUBCASE("three dims whose product wraps around 64 bits") {
    // 2^31-1 cubed is about 2^93; an unchecked product would wrap to a meaningless value.
    auto array = parse(idx_bytes({0x7FFFFFFFu, 0x7FFFFFFFu, 0x7FFFFFFFu}, {1}), SIZE_MAX);
    REQUIRE_FALSE(array.is_ok());
    CHECK(contains(array.message(), "limit"));
  }
  SUBCASE("a product of 2^32 that would be 0 in 32 bits") {
    auto array = parse(idx_bytes({65536, 256, 256}, {}));
    REQUIRE_FALSE(array.is_ok());
    CHECK(contains(array.message(), "limit"));
  }
  SUBCASE("a plausible size above max_bytes") {
    auto array = parse(idx_bytes({10}, std::vector<uint8_t>(10, 0)), 9);
    REQUIRE_FALSE(array.is_ok());
    CHECK(contains(array.message(), "limit of 9 bytes"));
  }
  SUBCASE("exactly max_bytes is allowed") {
    auto array = parse(idx_bytes({10}, std::vector<uint8_t>(10, 0)), 10);
    CHECK_MESSAGE(array.is_ok(), array.message());
  }
}

TEST_CASE("idx: read_idx_file reports the path") {
  SUBCASE("a missing file") {
    const std::string path = temp_path("missing");
    std::filesystem::remove(path);
    auto array = dl::read_idx_file(path);
    REQUIRE_FALSE(array.is_ok());
    CHECK(contains(array.message(), "cannot open"));
    CHECK(contains(array.message(), path));
  }
  SUBCASE("a truncated file") {
    const std::string path = temp_path("truncated");
    auto bytes = idx_bytes({4}, {1, 2, 3, 4});
    bytes.pop_back();
    write_file(path, bytes);
    auto array = dl::read_idx_file(path);
    std::filesystem::remove(path);
    REQUIRE_FALSE(array.is_ok());
    CHECK(contains(array.message(), path));
    CHECK(contains(array.message(), "truncated"));
  }
  SUBCASE("a file far larger than max_bytes is refused before it is read") {
    const std::string path = temp_path("large");
    write_file(path, idx_bytes({100}, std::vector<uint8_t>(100, 0)));
    auto array = dl::read_idx_file(path, 10);
    std::filesystem::remove(path);
    REQUIRE_FALSE(array.is_ok());
    CHECK(contains(array.message(), "too large"));
  }
  SUBCASE("a good file") {
    const std::string path = temp_path("good");
    write_file(path, idx_bytes({2}, {4, 2}));
    auto array = dl::read_idx_file(path);
    std::filesystem::remove(path);
    REQUIRE_MESSAGE(array.is_ok(), array.message());
    CHECK(array->data == std::vector<uint8_t>{4, 2});
  }
}
