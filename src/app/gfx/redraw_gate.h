// Decides how much of a frame to repaint. The canvas keeps its pixels between frames
// (preserveDrawingBuffer), so a frame that would paint the same picture is not painted at all,
// and one where only some windows changed repaints just the rectangle around them. In a
// software-GL tab every painted pixel costs CPU time the trainer would otherwise use.
#pragma once
#include <cstdint>
#include <vector>

#include <imgui.h>

// Bumped whenever a texture's content changes (image_texture.cpp): same draw lists over new
// texture content still need a repaint (of everything: where the texture shows is not tracked).
void note_texture_content_changed();

// A 64-bit hash of everything one draw list asks the backend to draw: vertices, indices and
// commands (clip rectangles, textures, offsets).
uint64_t draw_list_signature(const ImDrawList& list);

struct RepaintPlan {
  bool paint = false;  // false: the canvas already shows this frame
  bool full = true;    // repaint everything; else only `rect`
  ImVec4 rect;         // display coordinates (x0, y0, x1, y1), like ImDrawCmd::ClipRect
};

class RedrawGate {
 public:
  int64_t drawn = 0, partial = 0, skipped = 0;

  // What this frame must repaint, compared with the last painted one. Call once per frame.
  RepaintPlan plan(const ImDrawData& data, int framebuffer_width, int framebuffer_height);
  // The next frame repaints everything (e.g. after the GL state was disturbed, or for a check).
  void invalidate() { invalidated_ = true; }

 private:
  struct ListState {
    const char* owner = nullptr;  // the window's name (ImGui keeps windows for the session)
    uint64_t signature = 0;
    ImVec4 bounds;                // of its vertices
  };
  std::vector<ListState> last_, now_;  // kept between frames: no allocation in the frame loop
  uint64_t last_texture_generation_ = 0;
  int last_width_ = -1, last_height_ = -1;
  bool invalidated_ = true;
};

// Narrows every command's clip rectangle to `rect`, so the backend draws only inside it.
void clip_draw_data(ImDrawData& data, const ImVec4& rect);
