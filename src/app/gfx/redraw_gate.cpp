// Per-window change detection for RedrawGate.
#include "app/gfx/redraw_gate.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <utility>

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

ImVec4 vertex_bounds(const ImDrawList& list) {
  if (list.VtxBuffer.Size == 0) return ImVec4(0, 0, 0, 0);
  ImVec4 b(list.VtxBuffer[0].pos.x, list.VtxBuffer[0].pos.y, list.VtxBuffer[0].pos.x, list.VtxBuffer[0].pos.y);
  for (const ImDrawVert& v : list.VtxBuffer) {
    b.x = std::min(b.x, v.pos.x);
    b.y = std::min(b.y, v.pos.y);
    b.z = std::max(b.z, v.pos.x);
    b.w = std::max(b.w, v.pos.y);
  }
  return b;
}

bool empty(const ImVec4& r) { return r.z <= r.x || r.w <= r.y; }

ImVec4 united(const ImVec4& a, const ImVec4& b) {
  if (empty(a)) return b;
  if (empty(b)) return a;
  return ImVec4(std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.z, b.z), std::max(a.w, b.w));
}

}  // namespace

void note_texture_content_changed() { texture_generation.fetch_add(1, std::memory_order_relaxed); }

uint64_t draw_list_signature(const ImDrawList& list) {
  Hasher hash;
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
  return hash.h;
}

RepaintPlan RedrawGate::plan(const ImDrawData& data, int framebuffer_width, int framebuffer_height) {
  std::vector<ListState>& now = now_;
  now.clear();
  for (int l = 0; l < data.CmdListsCount; ++l) {
    const ImDrawList& list = *data.CmdLists[l];
    now.push_back({list._OwnerName, draw_list_signature(list), vertex_bounds(list)});
  }
  const uint64_t textures = texture_generation.load(std::memory_order_relaxed);
  bool full = invalidated_ || textures != last_texture_generation_ || framebuffer_width != last_width_ ||
              framebuffer_height != last_height_ || now.size() != last_.size();
  // The same windows in the same order: the changed ones, where they were and where they are.
  ImVec4 damage(0, 0, 0, 0);
  for (size_t i = 0; !full && i < now.size(); ++i) {
    if (now[i].owner != last_[i].owner) full = true;
    else if (now[i].signature != last_[i].signature) damage = united(damage, united(now[i].bounds, last_[i].bounds));
  }
  RepaintPlan plan;
  if (!full && empty(damage)) {
    ++skipped;
    return plan;
  }
  std::swap(last_, now_);
  last_texture_generation_ = textures;
  last_width_ = framebuffer_width;
  last_height_ = framebuffer_height;
  invalidated_ = false;
  plan.paint = true;
  // A rectangle covering most of the display saves little; paint it all.
  const ImVec2 display = data.DisplaySize;
  const float area = (damage.z - damage.x) * (damage.w - damage.y);
  plan.full = full || area > 0.6f * display.x * display.y;
  if (plan.full) {
    ++drawn;
    return plan;
  }
  // One pixel of margin: vertex positions are fractional and anti-aliased edges reach past them.
  plan.rect = ImVec4(std::floor(damage.x) - 1, std::floor(damage.y) - 1, std::ceil(damage.z) + 1, std::ceil(damage.w) + 1);
  ++drawn;
  ++partial;
  return plan;
}

void clip_draw_data(ImDrawData& data, const ImVec4& rect) {
  for (int l = 0; l < data.CmdListsCount; ++l)
    for (ImDrawCmd& cmd : data.CmdLists[l]->CmdBuffer) {
      cmd.ClipRect.x = std::max(cmd.ClipRect.x, rect.x);
      cmd.ClipRect.y = std::max(cmd.ClipRect.y, rect.y);
      cmd.ClipRect.z = std::min(cmd.ClipRect.z, rect.z);
      cmd.ClipRect.w = std::min(cmd.ClipRect.w, rect.w);
    }
}
