// ImageTexture: float grid -> R32F texture -> colormap shader -> RGBA texture for ImGui; plus the
// colour-bar legend. The GL pass saves and restores every piece of state it touches, because it
// runs in the middle of an ImGui frame, between the renderer's own passes. Every live texture is
// listed, so all of them can render again when a lost GL context comes back.
#include "app/gfx/image_texture.h"

#include "app/gfx/palette.h"
#include "app/gfx/redraw_gate.h"

#include <GLES3/gl3.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <string>

#include "shaders/glsl.h"

namespace {

// One compiled program per colormap, shared by every ImageTexture and built on first use. GPU
// objects that live as long as the page's GL context, not UI state.
struct ColormapPrograms {
  struct Program {
    GLuint id = 0;
    GLint values = -1, lo = -1, hi = -1;  // uniform locations
    bool failed = false;                  // reported once; the image then stays blank
  };
  Program programs[3];
  GLuint empty_vertex_array = 0;  // the triangle comes from gl_VertexID: no attributes

  const Program* get(Colormap map);
};

ColormapPrograms& colormap_programs() {
  static ColormapPrograms programs;
  return programs;
}

// Every ImageTexture alive (a few dozen), and whether the GL context is gone for now. Browser main
// thread only, like GL itself.
struct Textures {
  std::vector<ImageTexture*> live;
  bool context_lost = false;
};

Textures& textures() {
  static Textures t;
  return t;
}

const char* colormap_source(Colormap map) {
  switch (map) {
    case Colormap::grayscale: return glsl::colormap_grayscale;
    case Colormap::sequential: return glsl::colormap_sequential;
    case Colormap::diverging: return glsl::colormap_diverging;
  }
  return glsl::colormap_grayscale;
}

const char* colormap_label(Colormap map) {
  switch (map) {
    case Colormap::grayscale: return "grayscale";
    case Colormap::sequential: return "sequential";
    case Colormap::diverging: return "diverging";
  }
  return "?";
}

// Compiles a shader from sources concatenated in order; prints the driver's log on failure.
GLuint compile_shader(GLenum kind, const char* const* sources, int count, const char* what) {
  const GLuint shader = glCreateShader(kind);
  glShaderSource(shader, count, sources, nullptr);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok != GL_TRUE) {
    char log[1024] = {};
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    std::fprintf(stderr, "image_texture: the %s shader did not compile: %s\n", what, log);
    glDeleteShader(shader);
    return 0;
  }
  return shader;
}

const ColormapPrograms::Program* ColormapPrograms::get(Colormap map) {
  Program& p = programs[static_cast<int>(map)];
  if (p.id != 0) return &p;
  if (p.failed) return nullptr;
  p.failed = true;  // until proven otherwise
  const char* vertex_sources[] = {glsl::fullscreen_triangle_vert};
  // colormap.frag declares colormap(); the colormap file that follows defines it.
  const char* fragment_sources[] = {glsl::colormap_frag, "\n", colormap_source(map)};
  const GLuint vs = compile_shader(GL_VERTEX_SHADER, vertex_sources, 1, "fullscreen_triangle.vert");
  const GLuint fs = compile_shader(GL_FRAGMENT_SHADER, fragment_sources, 3, colormap_label(map));
  if (vs == 0 || fs == 0) {
    if (vs) glDeleteShader(vs);
    if (fs) glDeleteShader(fs);
    return nullptr;
  }
  const GLuint program = glCreateProgram();
  glAttachShader(program, vs);
  glAttachShader(program, fs);
  glLinkProgram(program);
  glDeleteShader(vs);  // flagged; freed with the program
  glDeleteShader(fs);
  GLint ok = GL_FALSE;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (ok != GL_TRUE) {
    char log[1024] = {};
    glGetProgramInfoLog(program, sizeof log, nullptr, log);
    std::fprintf(stderr, "image_texture: the %s colormap program did not link: %s\n", colormap_label(map), log);
    glDeleteProgram(program);
    return nullptr;
  }
  p.id = program;
  p.values = glGetUniformLocation(program, "u_values");
  p.lo = glGetUniformLocation(program, "u_lo");
  p.hi = glGetUniformLocation(program, "u_hi");
  p.failed = false;
  if (empty_vertex_array == 0) glGenVertexArrays(1, &empty_vertex_array);
  return &p;
}

// The GL state the colour pass changes, restored afterwards so ImGui's renderer (and anyone else
// drawing this frame) finds it as it left it.
class SavedGlState {
 public:
  SavedGlState() {
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &framebuffer_);
    glGetIntegerv(GL_VIEWPORT, viewport_);
    glGetIntegerv(GL_CURRENT_PROGRAM, &program_);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &vertex_array_);
    glGetIntegerv(GL_ACTIVE_TEXTURE, &active_texture_);
    glActiveTexture(GL_TEXTURE0);
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &texture_);
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &unpack_alignment_);
    for (int i = 0; i < kCapabilities; ++i) enabled_[i] = glIsEnabled(kCapability[i]);
  }
  ~SavedGlState() {
    for (int i = 0; i < kCapabilities; ++i) (enabled_[i] ? glEnable : glDisable)(kCapability[i]);
    glPixelStorei(GL_UNPACK_ALIGNMENT, unpack_alignment_);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(texture_));
    glActiveTexture(static_cast<GLenum>(active_texture_));
    glBindVertexArray(static_cast<GLuint>(vertex_array_));
    glUseProgram(static_cast<GLuint>(program_));
    glViewport(viewport_[0], viewport_[1], viewport_[2], viewport_[3]);
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(framebuffer_));
  }
  SavedGlState(const SavedGlState&) = delete;
  SavedGlState& operator=(const SavedGlState&) = delete;

 private:
  static constexpr int kCapabilities = 5;
  static constexpr GLenum kCapability[kCapabilities] = {GL_BLEND, GL_SCISSOR_TEST, GL_DEPTH_TEST, GL_STENCIL_TEST,
                                                        GL_CULL_FACE};
  GLint framebuffer_ = 0, viewport_[4] = {}, program_ = 0, vertex_array_ = 0, active_texture_ = 0, texture_ = 0,
        unpack_alignment_ = 4;
  GLboolean enabled_[kCapabilities] = {};
};

void set_sampling(GLenum filter) {
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, static_cast<GLint>(filter));
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, static_cast<GLint>(filter));
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

}  // namespace

ImageTexture::ImageTexture(Sampling sampling) : sampling_(sampling) { textures().live.push_back(this); }

ImageTexture::ImageTexture(ImageTexture&& other) noexcept : ImageTexture(other.sampling_) { *this = std::move(other); }

ImageTexture::~ImageTexture() {
  release();
  std::vector<ImageTexture*>& live = textures().live;
  live.erase(std::find(live.begin(), live.end(), this));
}

ImageTexture& ImageTexture::operator=(ImageTexture&& other) noexcept {
  if (this == &other) return *this;
  release();
  sampling_ = other.sampling_;
  values_texture_ = std::exchange(other.values_texture_, 0u);
  color_texture_ = std::exchange(other.color_texture_, 0u);
  framebuffer_ = std::exchange(other.framebuffer_, 0u);
  width_ = std::exchange(other.width_, 0);
  height_ = std::exchange(other.height_, 0);
  shown_values_ = std::exchange(other.shown_values_, {});
  shown_width_ = std::exchange(other.shown_width_, 0);
  shown_height_ = std::exchange(other.shown_height_, 0);
  shown_map_ = other.shown_map_;
  shown_lo_ = other.shown_lo_;
  shown_hi_ = other.shown_hi_;
  return *this;
}

void ImageTexture::release() {
  if (framebuffer_) glDeleteFramebuffers(1, &framebuffer_);
  if (values_texture_) glDeleteTextures(1, &values_texture_);
  if (color_texture_) glDeleteTextures(1, &color_texture_);
  forget_gl_objects();
}

void ImageTexture::forget_gl_objects() {
  framebuffer_ = values_texture_ = color_texture_ = 0;
  width_ = height_ = 0;
}

ImTextureID ImageTexture::texture_id() const {
  // The OpenGL3 backend reads ImTextureID as a GL texture name.
  return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(color_texture_));
}

// Called inside update(), with the caller's GL state already saved.
void ImageTexture::allocate(int w, int h) {
  release();
  glGenTextures(1, &values_texture_);
  glBindTexture(GL_TEXTURE_2D, values_texture_);
  set_sampling(GL_NEAREST);  // R32F cannot be filtered in WebGL2; the shader uses texelFetch anyway
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, w, h, 0, GL_RED, GL_FLOAT, nullptr);

  glGenTextures(1, &color_texture_);
  glBindTexture(GL_TEXTURE_2D, color_texture_);
  set_sampling(sampling_ == Sampling::linear ? GL_LINEAR : GL_NEAREST);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);

  glGenFramebuffers(1, &framebuffer_);
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color_texture_, 0);
  const GLenum complete = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  if (complete != GL_FRAMEBUFFER_COMPLETE)
    std::fprintf(stderr, "image_texture: a %dx%d RGBA8 framebuffer is incomplete (0x%x)\n", w, h, complete);
  width_ = w;
  height_ = h;
}

void ImageTexture::update(const float* values, int w, int h, Colormap map, float lo, float hi) {
  if (w <= 0 || h <= 0 || !values) return;
  const size_t count = static_cast<size_t>(w) * h;
  const bool same = w == shown_width_ && h == shown_height_ && map == shown_map_ && lo == shown_lo_ &&
                    hi == shown_hi_ && std::memcmp(values, shown_values_.data(), count * sizeof(float)) == 0;
  if (same && (ready() || textures().context_lost)) return;
  shown_values_.assign(values, values + count);
  shown_width_ = w;
  shown_height_ = h;
  shown_map_ = map;
  shown_lo_ = lo;
  shown_hi_ = hi;
  if (!textures().context_lost) render();  // else when the context is back
}

void ImageTexture::render() {
  const ColormapPrograms::Program* program = colormap_programs().get(shown_map_);
  if (!program) return;
  const int w = shown_width_, h = shown_height_;

  const SavedGlState saved;
  if (w != width_ || h != height_ || color_texture_ == 0) allocate(w, h);

  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, values_texture_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RED, GL_FLOAT, shown_values_.data());
  note_texture_content_changed();

  // One fragment per value: the viewport is the texture, texel (x, y) <- value (x, y).
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
  glViewport(0, 0, w, h);
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glDisable(GL_CULL_FACE);
  glUseProgram(program->id);
  glUniform1i(program->values, 0);
  glUniform1f(program->lo, shown_lo_);
  glUniform1f(program->hi, shown_hi_);
  glBindVertexArray(colormap_programs().empty_vertex_array);
  glDrawArrays(GL_TRIANGLES, 0, 3);
}

void image_textures_context_lost() { textures().context_lost = true; }

void image_textures_context_restored() {
  Textures& t = textures();
  t.context_lost = false;
  colormap_programs() = ColormapPrograms{};  // built again on first use
  for (ImageTexture* texture : t.live) texture->forget_gl_objects();
  for (ImageTexture* texture : t.live)
    if (!texture->shown_values_.empty()) texture->render();
}

void ImageTexture::draw(ImVec2 size, ImU32 border) const {
  if (!ready()) {
    ImGui::Dummy(size);  // keeps the layout stable until the first update
    return;
  }
  // Texture row 0 is the grid's top row, so v runs 0 (top) to 1 (bottom) as ImGui expects.
  ImGui::Image(texture_id(), size);
  if (border & IM_COL32_A_MASK)
    ImGui::GetWindowDrawList()->AddRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), border);
}

void ImageTexture::draw_region(ImDrawList* draw_list, ImVec2 p_min, ImVec2 p_max, int x, int y, int w, int h) const {
  if (!ready()) return;
  const ImVec2 uv0(float(x) / width_, float(y) / height_);
  const ImVec2 uv1(float(x + w) / width_, float(y + h) / height_);
  draw_list->AddImage(texture_id(), p_min, p_max, uv0, uv1);
}

std::string check_colormaps() {
  struct Expected {
    Colormap map;
    palette::Rgb lo, middle, hi;  // the first, middle and last colours in shaders/colormap_*.glsl
  };
  constexpr int kMaps = 3, kValues = 4;
  const Expected expected[kMaps] = {
      {Colormap::grayscale, palette::kGrayLo, palette::kGrayMid, palette::kGrayHi},
      {Colormap::sequential, palette::kViridisLo, palette::kViridisMid, palette::kViridisHi},
      {Colormap::diverging, palette::kDivergingLo, palette::kDivergingMid, palette::kDivergingHi},
  };
  const palette::Rgb magenta{255, 0, 255};
  const float values[kValues] = {-2.0f, 0.0f, 2.0f, std::nanf("")};  // lo = -2, hi = 2: middle is 0
  if (textures().context_lost) return "";  // nothing renders now: no verdict either way

  // Each map renders into its own texture; the rows are copied on the GPU into one 4x3 target so
  // a single read-back (each one stalls the GPU, and Chrome logs a warning per stall) gets all.
  ImageTexture rendered[kMaps];
  std::string problems;
  for (int m = 0; m < kMaps; ++m) {
    rendered[m].update(values, kValues, 1, expected[m].map, -2.0f, 2.0f);
    if (!rendered[m].ready()) problems += std::string(colormap_label(expected[m].map)) + ": the shader did not build; ";
  }
  if (!problems.empty()) return problems;
  uint8_t rgba[kMaps][kValues][4] = {};
  {
    const SavedGlState saved;
    GLint read_framebuffer = 0;
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &read_framebuffer);
    ImageTexture target;  // any texture of the right size and format serves as the copy target
    const float zeros[kValues * kMaps] = {};
    target.update(zeros, kValues, kMaps, Colormap::grayscale, 0.0f, 1.0f);
    glDisable(GL_SCISSOR_TEST);  // blits are clipped by the scissor
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, target.framebuffer_);
    for (int m = 0; m < kMaps; ++m) {
      glBindFramebuffer(GL_READ_FRAMEBUFFER, rendered[m].framebuffer_);
      glBlitFramebuffer(0, 0, kValues, 1, 0, m, kValues, m + 1, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, target.framebuffer_);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glReadPixels(0, 0, kValues, kMaps, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(read_framebuffer));
  }
  for (int m = 0; m < kMaps; ++m) {
    const Expected& e = expected[m];
    const palette::Rgb want[kValues] = {e.lo, e.middle, e.hi, magenta};
    const char* what[kValues] = {"lo", "middle", "hi", "NaN"};
    for (int i = 0; i < kValues; ++i) {
      const uint8_t* got = rgba[m][i];
      if (std::abs(got[0] - want[i].r) > 3 || std::abs(got[1] - want[i].g) > 3 || std::abs(got[2] - want[i].b) > 3) {
        char line[160];
        std::snprintf(line, sizeof line, "%s %s is (%d, %d, %d), expected (%d, %d, %d); ", colormap_label(e.map), what[i],
                      got[0], got[1], got[2], want[i].r, want[i].g, want[i].b);
        problems += line;
      }
    }
  }
  return problems;
}

void draw_color_legend(ColorLegend& legend, Colormap map, float lo, float hi, ImVec2 bar_size,
                       const char* number_format) {
  // A ramp of values from lo to hi, coloured by the same shader as the images it explains.
  constexpr int kSteps = 256;
  float ramp[kSteps];
  for (int i = 0; i < kSteps; ++i) ramp[i] = lo + (hi - lo) * (float(i) / (kSteps - 1));
  legend.ramp.update(ramp, kSteps, 1, map, lo, hi);

  const ImVec2 bar_min = ImGui::GetCursorScreenPos();
  legend.ramp.draw(bar_size, ImGui::GetColorU32(ImGuiCol_Border));

  char lo_text[32], hi_text[32];
  std::snprintf(lo_text, sizeof lo_text, number_format, double(lo));
  std::snprintf(hi_text, sizeof hi_text, number_format, double(hi));
  const float hi_width = ImGui::CalcTextSize(hi_text).x;
  const float lo_width = ImGui::CalcTextSize(lo_text).x;
  const float label_y = ImGui::GetCursorScreenPos().y;
  ImDrawList* draw_list = ImGui::GetWindowDrawList();
  const ImU32 text_color = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  draw_list->AddText(ImVec2(bar_min.x, label_y), text_color, lo_text);
  draw_list->AddText(ImVec2(bar_min.x + bar_size.x - hi_width, label_y), text_color, hi_text);
  // Zero in the middle of a diverging map is the point of the map: label it when it fits.
  if (map == Colormap::diverging && lo < 0 && hi > 0) {
    const float zero_x = bar_min.x + bar_size.x * (-lo / (hi - lo));
    const float zero_width = ImGui::CalcTextSize("0").x;
    if (zero_x - zero_width > bar_min.x + lo_width + 4 && zero_x + zero_width < bar_min.x + bar_size.x - hi_width - 4)
      draw_list->AddText(ImVec2(zero_x - zero_width / 2, label_y), text_color, "0");
  }
  ImGui::Dummy(ImVec2(bar_size.x, ImGui::GetTextLineHeight()));
}
