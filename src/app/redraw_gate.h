// Skips the GL pass of a frame that would paint exactly the picture already on the canvas. The
// browser keeps showing a WebGL canvas that was not drawn to, so an unchanged frame costs no
// rasterization, which in a software-GL tab leaves the cores to the trainer.
#pragma once
#include <cstdint>

struct ImDrawData;

// Bumped whenever a texture's content changes (image_texture.cpp): same draw lists over a new
// texture content still need a repaint.
void note_texture_content_changed();

// A 64-bit hash of everything ImGui asks the backend to draw: vertices, indices, commands
// (clip rectangles, textures, offsets) and the display geometry.
uint64_t draw_data_signature(const ImDrawData& data);

struct RedrawGate {
  int64_t drawn = 0, skipped = 0;

  // True when the frame must be rendered: the first frame, a new framebuffer size, new draw data
  // or new texture content since the last frame that was rendered.
  bool needs_redraw(const ImDrawData& data, int framebuffer_width, int framebuffer_height);

 private:
  uint64_t last_signature_ = 0, last_texture_generation_ = 0;
  int last_width_ = -1, last_height_ = -1;
};
