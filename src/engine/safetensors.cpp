// Writes and reads safetensors model files (F32 only). The reader treats every file as hostile:
// it validates the header length, the JSON, and every offset before allocating any tensor.
#include "engine/safetensors.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <set>
#include <string_view>
#include <system_error>

#include "engine/check.h"
#include "engine/file_bytes.h"

namespace dl {
namespace {

constexpr size_t kLengthPrefixBytes = 8;           // little-endian u64 header length
constexpr uint64_t kMaxHeaderBytes = 100'000'000;  // the safetensors library's own limit
constexpr size_t kHeaderAlignment = 8;             // the library pads the JSON with spaces to this
constexpr size_t kMaxFileBytes = size_t{1} << 30;  // digitlab models are a few MB
constexpr const char* kMetadataKey = "__metadata__";
// Shapes with more dimensions than numpy allows could be no model's; the limit also keeps a
// hostile "[1,1,1,...]" from costing more memory than its text.
constexpr size_t kMaxRank = 64;

static_assert(sizeof(float) == 4 && std::numeric_limits<float>::is_iec559, "F32 means IEEE binary32");

// ---- byte order ----------------------------------------------------------------------------

uint64_t load_little_endian_u64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void store_little_endian_u64(uint64_t v, uint8_t* p) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

// The file stores floats little-endian whatever the host. Assembling each value from its bytes
// is correct on any host (and compiles to a plain copy on little-endian x86, ARM and wasm).
void load_little_endian_floats(const uint8_t* bytes, size_t count, float* out) {
  for (size_t i = 0; i < count; ++i) {
    const uint8_t* p = bytes + 4 * i;
    const uint32_t bits =
        uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
    std::memcpy(&out[i], &bits, sizeof(float));
  }
}

void append_little_endian_floats(const std::vector<float>& values, std::vector<uint8_t>* out) {
  for (float value : values) {
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof(float));
    for (int shift = 0; shift < 32; shift += 8) out->push_back(static_cast<uint8_t>(bits >> shift));
  }
}

// ---- UTF-8 ---------------------------------------------------------------------------------

// JSON text must be UTF-8; this rejects overlong forms, surrogates and code points past U+10FFFF.
// On failure, *bad_offset (when given) is where the first invalid sequence starts.
bool is_valid_utf8(std::string_view text, size_t* bad_offset = nullptr) {
  size_t i = 0;
  const auto invalid = [&] {
    if (bad_offset) *bad_offset = i;
    return false;
  };
  while (i < text.size()) {
    const auto c = static_cast<uint8_t>(text[i]);
    size_t extra;
    uint32_t code_point, min_code_point;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1, code_point = c & 0x1F, min_code_point = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2, code_point = c & 0x0F, min_code_point = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3, code_point = c & 0x07, min_code_point = 0x10000;
    } else {
      return invalid();
    }
    if (text.size() - i <= extra) return invalid();
    for (size_t k = 1; k <= extra; ++k) {
      const auto continuation = static_cast<uint8_t>(text[i + k]);
      if ((continuation & 0xC0) != 0x80) return invalid();
      code_point = (code_point << 6) | (continuation & 0x3F);
    }
    if (code_point < min_code_point || code_point > 0x10FFFF) return invalid();
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return invalid();
    i += extra + 1;
  }
  return true;
}

void append_utf8(uint32_t code_point, std::string* out) {
  if (code_point < 0x80) {
    out->push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

// ---- JSON reading --------------------------------------------------------------------------

// A strict reader for the subset of JSON a safetensors header uses: objects, arrays, strings and
// non-negative integers. It is driven by the expected schema rather than building a tree, so a
// hostile header can neither nest deeply (anything but the known three levels is refused) nor
// make us allocate a tree many times its own size. The first error is kept with its byte offset.
class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : text_(text) {}

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

  // Both return false so callers can write `return json.fail(...)`.
  bool syntax_error(const std::string& what) {
    return fail("malformed JSON in the model file header at byte " + std::to_string(pos_) + ": " + what);
  }
  bool fail(const std::string& message) {
    if (error_.empty()) error_ = message;
    return false;
  }

  void skip_whitespace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  // Whether the next value starts with c; lets callers name what they wanted before a
  // syntactically fine but unexpected value ("a tensor must be an object").
  bool next_is(char c) {
    skip_whitespace();
    return peek() == c;
  }

  bool at_end() {
    skip_whitespace();
    return pos_ == text_.size();
  }

  bool expect(char c) {
    skip_whitespace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return syntax_error(std::string("expected '") + c + "' but found " + describe_next());
  }

  // Reads "{ key: value, ... }", calling read_value(key) with the reader placed at each value.
  template <typename ReadValue>
  bool read_object(ReadValue read_value) {
    if (!expect('{')) return false;
    skip_whitespace();
    if (peek() == '}') return ++pos_, true;
    for (;;) {
      std::string key;
      if (!read_string(&key) || !expect(':') || !read_value(key)) return false;
      skip_whitespace();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == '}') return ++pos_, true;
      return syntax_error("expected ',' or '}' but found " + describe_next());
    }
  }

  // Reads "[ value, ... ]", calling read_element() with the reader placed at each element.
  template <typename ReadElement>
  bool read_array(ReadElement read_element) {
    if (!expect('[')) return false;
    skip_whitespace();
    if (peek() == ']') return ++pos_, true;
    for (;;) {
      if (!read_element()) return false;
      skip_whitespace();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == ']') return ++pos_, true;
      return syntax_error("expected ',' or ']' but found " + describe_next());
    }
  }

  bool read_string(std::string* out) {
    if (!expect('"')) return false;
    out->clear();
    for (;;) {
      if (pos_ >= text_.size()) return syntax_error("unterminated string");
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (static_cast<uint8_t>(c) < 0x20) return syntax_error("raw control character in a string");
      if (c != '\\') {
        out->push_back(c);  // multi-byte UTF-8 was validated for the whole header up front
        continue;
      }
      if (pos_ >= text_.size()) return syntax_error("unterminated string");
      const char escape = text_[pos_++];
      switch (escape) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          uint32_t code_point = 0;
          if (!read_hex4(&code_point)) return false;
          if (code_point >= 0xDC00 && code_point <= 0xDFFF) {
            return syntax_error("unpaired low surrogate in \\u escape");
          }
          if (code_point >= 0xD800 && code_point <= 0xDBFF) {
            // Characters past U+FFFF arrive as a surrogate pair: \uD83D\uDE00.
            uint32_t low = 0;
            if (text_.substr(pos_, 2) != "\\u") return syntax_error("unpaired high surrogate in \\u escape");
            pos_ += 2;
            if (!read_hex4(&low)) return false;
            if (low < 0xDC00 || low > 0xDFFF) return syntax_error("unpaired high surrogate in \\u escape");
            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(code_point, out);
          break;
        }
        default: {
          char shown[32];
          const auto byte = static_cast<uint8_t>(escape);
          if (byte >= 0x20 && byte < 0x7F) {
            std::snprintf(shown, sizeof shown, "'\\%c'", escape);
          } else {
            std::snprintf(shown, sizeof shown, "'\\' then byte 0x%02X", static_cast<unsigned>(byte));
          }
          return syntax_error(std::string("invalid escape ") + shown + " in a string");
        }
      }
    }
  }

  bool read_uint64(uint64_t* out) {
    skip_whitespace();
    const char first = peek();
    if (first == '-') return syntax_error("negative numbers are not allowed here");
    if (first < '0' || first > '9') {
      return syntax_error("expected a non-negative integer but found " + describe_next());
    }
    if (first == '0' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1])) {
      return syntax_error("numbers must not have leading zeros");
    }
    uint64_t value = 0;
    while (pos_ < text_.size() && is_digit(text_[pos_])) {
      const uint64_t digit = static_cast<uint64_t>(text_[pos_] - '0');
      if (value > (UINT64_MAX - digit) / 10) return syntax_error("integer too large");
      value = value * 10 + digit;
      ++pos_;
    }
    const char next = peek();
    if (next == '.' || next == 'e' || next == 'E') return syntax_error("only integers are allowed here");
    *out = value;
    return true;
  }

 private:
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  std::string describe_next() const {
    if (pos_ >= text_.size()) return "the end of the header";
    const char c = text_[pos_];
    if (static_cast<uint8_t>(c) < 0x20 || static_cast<uint8_t>(c) >= 0x7F) {
      char text[16];
      std::snprintf(text, sizeof text, "byte 0x%02X", static_cast<unsigned>(static_cast<uint8_t>(c)));
      return text;
    }
    return std::string("'") + c + "'";
  }

  bool read_hex4(uint32_t* out) {
    if (text_.size() - pos_ < 4) return syntax_error("truncated \\u escape");
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      uint32_t digit;
      if (c >= '0' && c <= '9') {
        digit = static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return syntax_error("invalid hex digit in \\u escape");
      }
      value = (value << 4) | digit;
    }
    *out = value;
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::string error_;
};

// One tensor's header entry, before its data is trusted.
struct TensorEntry {
  std::string name;
  Shape shape;
  uint64_t begin = 0, end = 0;
};

bool read_tensor_entry(JsonReader& json, const std::string& name, TensorEntry* entry) {
  entry->name = name;
  // Names may hold anything (control characters, megabytes): messages quote them printable.
  const std::string tensor = "model file header: tensor '" + printable(name) + "'";
  bool has_dtype = false, has_shape = false, has_offsets = false;
  if (!json.next_is('{')) {
    return json.fail(tensor + " must be a JSON object {\"dtype\", \"shape\", \"data_offsets\"}");
  }
  const bool parsed = json.read_object([&](const std::string& field) {
    if (field == "dtype") {
      if (has_dtype) return json.fail(tensor + " has two \"dtype\" fields");
      has_dtype = true;
      std::string dtype;
      if (!json.read_string(&dtype)) return false;
      if (dtype != "F32") return json.fail(tensor + " has dtype \"" + printable(dtype) + "\"; only F32 is supported");
      return true;
    }
    if (field == "shape") {
      if (has_shape) return json.fail(tensor + " has two \"shape\" fields");
      has_shape = true;
      return json.read_array([&] {
        uint64_t dim;
        if (!json.read_uint64(&dim)) return false;
        if (entry->shape.size() == kMaxRank) {
          return json.fail(tensor + " has more than " + std::to_string(kMaxRank) + " dimensions");
        }
        if (dim > static_cast<uint64_t>(INT_MAX)) {
          return json.fail(tensor + " has dimension " + std::to_string(dim) + ", larger than supported");
        }
        entry->shape.push_back(static_cast<int>(dim));
        return true;
      });
    }
    if (field == "data_offsets") {
      if (has_offsets) return json.fail(tensor + " has two \"data_offsets\" fields");
      has_offsets = true;
      uint64_t offsets[2];
      size_t count = 0;
      const bool read = json.read_array([&] {
        if (count == 2) return json.fail(tensor + " has more than two data_offsets");
        return json.read_uint64(&offsets[count++]);
      });
      if (!read) return false;
      if (count != 2) return json.fail(tensor + " needs two data_offsets [begin, end]");
      entry->begin = offsets[0];
      entry->end = offsets[1];
      return true;
    }
    return json.fail(tensor + " has an unknown field \"" + printable(field) + "\"");
  });
  if (!parsed) return false;
  if (!has_dtype) return json.fail(tensor + " lacks \"dtype\"");
  if (!has_shape) return json.fail(tensor + " lacks \"shape\"");
  if (!has_offsets) return json.fail(tensor + " lacks \"data_offsets\"");
  return true;
}

// Parses the header JSON into tensor entries (in header order) and metadata.
Status parse_header(std::string_view header, std::vector<TensorEntry>* entries,
                    std::map<std::string, std::string>* metadata) {
  if (size_t bad = 0; !is_valid_utf8(header, &bad)) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned>(static_cast<uint8_t>(header[bad])));
    return Status::error("model file header is not valid UTF-8: byte " + std::to_string(bad) + " (" + byte +
                         ") does not start a valid sequence");
  }
  // As the safetensors library requires, the JSON object starts right at the first byte.
  if (header.empty()) return Status::error("model file header is empty; expected a JSON object starting with '{'");
  if (header[0] != '{') {
    char found[16];
    const auto c = static_cast<uint8_t>(header[0]);
    if (c >= 0x20 && c < 0x7F) {
      std::snprintf(found, sizeof found, "'%c'", c);
    } else {
      std::snprintf(found, sizeof found, "byte 0x%02X", static_cast<unsigned>(c));
    }
    return Status::error(std::string("model file header does not start with '{' but with ") + found);
  }

  JsonReader json(header);
  std::set<std::string> names;
  bool has_metadata = false;
  const bool parsed = json.read_object([&](const std::string& key) {
    if (key == kMetadataKey) {
      if (has_metadata) return json.fail("model file header: two \"__metadata__\" entries");
      has_metadata = true;
      if (!json.next_is('{')) return json.fail("model file header: \"__metadata__\" must be a JSON object");
      return json.read_object([&](const std::string& metadata_key) {
        if (!json.next_is('"')) {
          return json.fail("model file header: metadata value for \"" + printable(metadata_key) +
                           "\" must be a string");
        }
        std::string value;
        if (!json.read_string(&value)) return false;
        if (!metadata->emplace(metadata_key, std::move(value)).second) {
          return json.fail("model file header: metadata key \"" + printable(metadata_key) + "\" appears twice");
        }
        return true;
      });
    }
    if (!names.insert(key).second) {
      return json.fail("model file header: tensor '" + printable(key) + "' appears twice");
    }
    entries->emplace_back();
    return read_tensor_entry(json, key, &entries->back());
  });
  if (!parsed) return Status::error(json.error());
  if (!json.at_end()) {
    json.syntax_error("unexpected text after the JSON object");
    return Status::error(json.error());
  }
  return Status::ok();
}

// Checks offsets against shapes and the data region: each tensor spans exactly shape x 4 bytes,
// and together they tile the region from 0 to its end with no gap or overlap (as the spec asks).
Status check_offsets(const std::vector<TensorEntry>& entries, uint64_t data_bytes) {
  for (const TensorEntry& e : entries) {
    if (e.begin > e.end) {
      return Status::error("model file: tensor '" + printable(e.name) + "' has data_offsets [" +
                           std::to_string(e.begin) + ", " + std::to_string(e.end) +
                           "] that end before they begin");
    }
    if (e.end > data_bytes) {
      return Status::error("model file: tensor '" + printable(e.name) + "' has data_offsets [" +
                           std::to_string(e.begin) + ", " + std::to_string(e.end) +
                           "] outside the data region of " + std::to_string(data_bytes) + " bytes");
    }
    // The byte count is checked before each multiplication, so a shape like [2^31, 2^31, 2^31]
    // cannot wrap around to a small product that happens to match the span.
    const uint64_t span = e.end - e.begin;
    const bool empty = std::find(e.shape.begin(), e.shape.end(), 0) != e.shape.end();
    uint64_t elements = empty ? 0 : 1;
    bool overflows = false;
    for (size_t i = 0; i < e.shape.size() && !empty && !overflows; ++i) {
      const uint64_t dim = static_cast<uint64_t>(e.shape[i]);
      overflows = elements > UINT64_MAX / sizeof(float) / dim;
      elements *= dim;
    }
    if (overflows || elements * sizeof(float) != span) {
      const std::string needs =
          overflows ? "more than 2^64 bytes" : std::to_string(elements * sizeof(float)) + " bytes";
      return Status::error("model file: tensor '" + printable(e.name) + "' has shape " +
                           shape_to_string(e.shape) + ", which needs " + needs + ", but its data_offsets span " +
                           std::to_string(span) + " bytes");
    }
  }

  std::vector<const TensorEntry*> by_offset;
  by_offset.reserve(entries.size());
  for (const TensorEntry& e : entries) by_offset.push_back(&e);
  std::sort(by_offset.begin(), by_offset.end(), [](const TensorEntry* a, const TensorEntry* b) {
    return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
  });
  uint64_t covered_until = 0;
  const TensorEntry* previous = nullptr;
  for (const TensorEntry* e : by_offset) {
    if (e->begin < covered_until) {
      return Status::error("model file: tensors '" + printable(previous->name) + "' and '" + printable(e->name) +
                           "' overlap in the data region");
    }
    if (e->begin > covered_until) {
      return Status::error("model file: bytes " + std::to_string(covered_until) + " to " +
                           std::to_string(e->begin) + " of the data region belong to no tensor");
    }
    covered_until = e->end;
    previous = e;
  }
  if (covered_until != data_bytes) {
    return Status::error("model file: the data region has " + std::to_string(data_bytes) +
                         " bytes but the tensors cover only " + std::to_string(covered_until));
  }
  return Status::ok();
}

// ---- JSON writing --------------------------------------------------------------------------

// Escapes like serde_json (which the safetensors library uses), so identical input gives
// byte-identical headers.
void append_json_string(std::string_view text, std::string* out) {
  out->push_back('"');
  for (char c : text) {
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\b': *out += "\\b"; break;
      case '\f': *out += "\\f"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        if (static_cast<uint8_t>(c) < 0x20) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
          *out += escape;
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

// What encode_safetensors requires of its input; write_safetensors_file reports it as a Status.
Status check_encodable(const SafetensorsFile& file) {
  std::set<std::string_view> names;
  for (const NamedTensor& t : file.tensors) {
    if (t.name == kMetadataKey) return Status::error("a tensor cannot be named \"__metadata__\"");
    if (!is_valid_utf8(t.name)) return Status::error("tensor name is not valid UTF-8");
    if (!names.insert(t.name).second) return Status::error("tensor '" + printable(t.name) + "' appears twice");
    for (int dim : t.shape) {
      if (dim < 0) return Status::error("tensor '" + printable(t.name) + "' has a negative dimension");
    }
    if (t.values.size() != shape_size(t.shape)) {
      return Status::error("tensor '" + printable(t.name) + "' has shape " + shape_to_string(t.shape) + " but " +
                           std::to_string(t.values.size()) + " values");
    }
  }
  for (const auto& [key, value] : file.metadata) {
    if (!is_valid_utf8(key) || !is_valid_utf8(value)) return Status::error("metadata is not valid UTF-8");
  }
  return Status::ok();
}

}  // namespace

const NamedTensor* SafetensorsFile::find(const std::string& name) const {
  for (const NamedTensor& t : tensors) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

std::vector<uint8_t> encode_safetensors(const SafetensorsFile& file) {
  DL_CHECK(check_encodable(file).is_ok());

  // The same layout the safetensors library writes: "__metadata__" first, then each tensor with
  // its fields in the order dtype, shape, data_offsets; compact JSON padded with spaces.
  std::string header = "{";
  if (!file.metadata.empty()) {
    header += "\"__metadata__\":{";
    bool first = true;
    for (const auto& [key, value] : file.metadata) {
      if (!first) header += ',';
      first = false;
      append_json_string(key, &header);
      header += ':';
      append_json_string(value, &header);
    }
    header += '}';
  }
  uint64_t offset = 0;
  for (const NamedTensor& t : file.tensors) {
    if (header.size() > 1) header += ',';
    append_json_string(t.name, &header);
    header += ":{\"dtype\":\"F32\",\"shape\":[";
    for (size_t i = 0; i < t.shape.size(); ++i) {
      if (i) header += ',';
      header += std::to_string(t.shape[i]);
    }
    const uint64_t end = offset + t.values.size() * sizeof(float);
    header += "],\"data_offsets\":[" + std::to_string(offset) + "," + std::to_string(end) + "]}";
    offset = end;
  }
  header += '}';
  header.append((kHeaderAlignment - header.size() % kHeaderAlignment) % kHeaderAlignment, ' ');

  std::vector<uint8_t> bytes(kLengthPrefixBytes);
  bytes.reserve(kLengthPrefixBytes + header.size() + offset);
  store_little_endian_u64(header.size(), bytes.data());
  bytes.insert(bytes.end(), header.begin(), header.end());
  for (const NamedTensor& t : file.tensors) append_little_endian_floats(t.values, &bytes);
  return bytes;
}

Result<SafetensorsFile> decode_safetensors(const uint8_t* bytes, size_t size) {
  if (size == 0) return Status::error("model file is empty");
  if (size < kLengthPrefixBytes) {
    return Status::error("model file is truncated: " + std::to_string(size) +
                         " bytes, the header length alone needs 8");
  }
  const uint64_t header_bytes = load_little_endian_u64(bytes);
  if (header_bytes > kMaxHeaderBytes) {
    return Status::error("model file header length is " + std::to_string(header_bytes) +
                         " bytes, above the limit of " + std::to_string(kMaxHeaderBytes) +
                         "; is it a safetensors file?");
  }
  const uint64_t remaining = size - kLengthPrefixBytes;
  if (header_bytes > remaining) {
    return Status::error("model file is truncated: header says " + std::to_string(header_bytes) +
                         " bytes but only " + std::to_string(remaining) + " remain");
  }

  std::vector<TensorEntry> entries;
  SafetensorsFile file;
  const std::string_view header(reinterpret_cast<const char*>(bytes + kLengthPrefixBytes),
                                static_cast<size_t>(header_bytes));
  if (Status parsed = parse_header(header, &entries, &file.metadata); !parsed) return parsed;

  const uint8_t* data = bytes + kLengthPrefixBytes + header_bytes;
  if (Status checked = check_offsets(entries, remaining - header_bytes); !checked) return checked;

  // Every span is now known to lie inside the input, so these allocations total at most its size.
  file.tensors.reserve(entries.size());
  for (TensorEntry& e : entries) {
    NamedTensor& t = file.tensors.emplace_back();
    t.name = std::move(e.name);
    t.shape = std::move(e.shape);
    t.values.resize(static_cast<size_t>((e.end - e.begin) / sizeof(float)));
    load_little_endian_floats(data + e.begin, t.values.size(), t.values.data());
  }
  return file;
}

Result<SafetensorsFile> decode_safetensors(std::string_view source, const uint8_t* bytes, size_t size) {
  Result<SafetensorsFile> file = decode_safetensors(bytes, size);
  if (!file) return Status::error(std::string(source) + ": " + file.message());
  return file;
}

Status write_safetensors_file(const std::string& path, const SafetensorsFile& file) {
  if (Status encodable = check_encodable(file); !encodable) {
    return Status::error("cannot save " + path + ": " + encodable.message());
  }
  const std::vector<uint8_t> bytes = encode_safetensors(file);

  // Written beside the target and renamed over it, so a failed save leaves any old file intact.
  const std::string temp_path = path + ".tmp";
  std::FILE* out = std::fopen(temp_path.c_str(), "wb");
  if (!out) {
    return Status::error("cannot save " + path + ": cannot create " + temp_path + ": " +
                         std::strerror(errno));
  }
  const bool written =
      std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size() && std::fflush(out) == 0;
  const bool closed = std::fclose(out) == 0;
  std::error_code ignored;
  if (!written || !closed) {
    std::filesystem::remove(temp_path, ignored);
    return Status::error("cannot save " + path + ": writing " + temp_path +
                         " failed: " + std::strerror(errno));
  }
  std::error_code renamed;
  std::filesystem::rename(temp_path, path, renamed);
  if (renamed) {
    std::filesystem::remove(temp_path, ignored);
    return Status::error("cannot save " + path + ": " + renamed.message());
  }
  return Status::ok();
}

Result<SafetensorsFile> read_safetensors_file(const std::string& path) {
  Result<std::vector<uint8_t>> bytes = read_file_bytes(path, kMaxFileBytes);
  if (!bytes) return bytes.status();
  return decode_safetensors(path, bytes->data(), bytes->size());
}

}  // namespace dl
