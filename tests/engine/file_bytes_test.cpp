// read_file_bytes, shared by the IDX and safetensors readers: a file comes back byte for byte; an
// oversized or missing one is an error that names it.
#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/file_bytes.h"

TEST_CASE("read_file_bytes: the exact bytes, the size limit, a missing file") {
  const std::string path = (std::filesystem::temp_directory_path() / "digitlab_file_bytes_test").string();
  {
    std::ofstream out(path, std::ios::binary);
    out.write("\x00\x01\xff", 3);
  }
  const dl::Result<std::vector<uint8_t>> bytes = dl::read_file_bytes(path, 3);  // exactly the limit
  REQUIRE_MESSAGE(bytes.is_ok(), bytes.message());
  CHECK(bytes.value() == std::vector<uint8_t>{0, 1, 255});

  const dl::Result<std::vector<uint8_t>> large = dl::read_file_bytes(path, 2);
  REQUIRE_FALSE(large.is_ok());
  CHECK(large.message() == path + " is too large: 3 bytes, the limit is 2");

  std::filesystem::remove(path);
  const dl::Result<std::vector<uint8_t>> missing = dl::read_file_bytes(path, 3);
  REQUIRE_FALSE(missing.is_ok());
  CHECK(missing.message().rfind("cannot open " + path + ": ", 0) == 0);
}
