// Draw-data hashing for RedrawGate.
#include "app/redraw_gate.h"

#include <atomic>
#include <cstring>

#include <imgui.h>

namespace {

std::atomic<uint64_t> texture_generation{0};

// Word-at-a-time multiply-xorshift: a UI frame is ~1 MB of vertices, hashed in well under a ms.
struct Hasher {
  uint64_t h = 0x9E3779B97F4A7C15ull;
  void word(uint64_t w) {
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 29;
  }
  void bytes(const void* data, size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      word(w);
    }
    uint64_t tail = 0;
    std::memcpy(&tail, p + i, size - i);
    word(tail ^ (static_cast<uint64_t>(size) << 56));
  }
  template <typename T>
  void value(const T& v) { bytes(&v, sizeof v); }
};

}  // namespace

void note_texture_content_changed() { texture_generation.fetch_add(1, std::memory_order_relaxed); }

uint64_t draw_data_signature(const ImDrawData& data) {
  Hasher hash;
  hash.value(data.DisplayPos);
  hash.value(data.DisplaySize);
  hash.value(data.FramebufferScale);
  hash.value(data.CmdListsCount);
  for (int l = 0; l < data.CmdListsCount; ++l) {
    const ImDrawList& list = *data.CmdLists[l];
    hash.bytes(list.VtxBuffer.Data, static_cast<size_t>(list.VtxBuffer.Size) * sizeof(ImDrawVert));
    hash.bytes(list.IdxBuffer.Data, static_cast<size_t>(list.IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      hash.value(cmd.ClipRect);
      hash.value(cmd.TextureId);
      hash.value(cmd.VtxOffset);
      hash.value(cmd.IdxOffset);
      hash.value(cmd.ElemCount);
      hash.value(cmd.UserCallback);
    }
  }
  return hash.h;
}

bool RedrawGate::needs_redraw(const ImDrawData& data, int framebuffer_width, int framebuffer_height) {
  const uint64_t signature = draw_data_signature(data);
  const uint64_t textures = texture_generation.load(std::memory_order_relaxed);
  const bool same = drawn > 0 && signature == last_signature_ && textures == last_texture_generation_ &&
                    framebuffer_width == last_width_ && framebuffer_height == last_height_;
  if (same) {
    ++skipped;
    return false;
  }
  last_signature_ = signature;
  last_texture_generation_ = textures;
  last_width_ = framebuffer_width;
  last_height_ = framebuffer_height;
  ++drawn;
  return true;
}
