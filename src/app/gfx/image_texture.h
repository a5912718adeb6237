// Shows a grid of floats (a 28x28 digit, a feature map, a weight matrix) as an image in ImGui:
// the values go to the GPU as they are, and a small colormap shader (shaders/) paints them.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

// How values become colours. Each is a GLSL function in shaders/colormap_<name>.glsl.
enum class Colormap {
  grayscale,   // digits, as the workshop shows them: lo black, hi white
  sequential,  // magnitudes such as activations: viridis, dark to bright
  diverging,   // signed values such as weights: blue (lo), white (middle), red (hi)
};

// One image on the GPU. update() uploads the values as an R32F texture and renders them through
// the colormap shader into an RGBA texture that ImGui draws like any other image. The colour pass
// runs only when the values or the mapping change, so callers may call update() every frame.
// Needs the page's GL context (create and use it on the browser main thread, inside a frame).
// It keeps the values it shows, so when the browser takes the GL context away and gives it back
// (image_textures_context_lost / _restored), every texture renders itself again unasked.
class ImageTexture {
 public:
  enum class Sampling {
    nearest,  // pixel grids: each value a crisp square when enlarged (the default)
    linear,   // smooth scaling, for pictures drawn at non-integer scales (a drawing canvas)
  };

  explicit ImageTexture(Sampling sampling = Sampling::nearest);
  ~ImageTexture();
  ImageTexture(const ImageTexture&) = delete;
  ImageTexture& operator=(const ImageTexture&) = delete;
  ImageTexture(ImageTexture&& other) noexcept;  // e.g. in a std::vector
  ImageTexture& operator=(ImageTexture&& other) noexcept;

  // values: w*h floats, row-major, top row first. `lo` is shown as the colormap's first colour and
  // `hi` as its last; values outside are clamped (NaN shows as magenta). Call it before draw()
  // in a frame: a new size replaces the GL texture the frame's earlier draws would point at.
  void update(const float* values, int w, int h, Colormap map, float lo, float hi);

  bool ready() const { return color_texture_ != 0 && width_ > 0; }  // update() has run (and rendered)
  int width() const { return shown_width_; }
  int height() const { return shown_height_; }
  ImTextureID texture_id() const;

  // The whole image as an ImGui item of `size` pixels, with an optional 1-px border.
  void draw(ImVec2 size, ImU32 border = 0) const;
  // Texels [x, x+w) x [y, y+h) into the rectangle p_min..p_max of a draw list (a tile of an
  // atlas, e.g. one thumbnail of a gallery page). Adds no ImGui item.
  void draw_region(ImDrawList* draw_list, ImVec2 p_min, ImVec2 p_max, int x, int y, int w, int h) const;

 private:
  friend std::string check_colormaps();  // reads the colour textures back
  friend void image_textures_context_restored();
  void render();  // the shown values into the colour texture (allocating it as needed)
  void allocate(int w, int h);
  void release();
  void forget_gl_objects();  // their names died with a lost context: nothing to delete

  Sampling sampling_ = Sampling::nearest;
  unsigned values_texture_ = 0;  // R32F: the raw values
  unsigned color_texture_ = 0;   // RGBA8: what ImGui draws
  unsigned framebuffer_ = 0;     // renders into color_texture_
  int width_ = 0, height_ = 0;
  // What the colour texture shows (or will, once the GL context is back), to skip identical
  // updates and to render again after a context loss.
  std::vector<float> shown_values_;
  int shown_width_ = 0, shown_height_ = 0;
  Colormap shown_map_ = Colormap::grayscale;
  float shown_lo_ = 0, shown_hi_ = 0;
};

// A horizontal colour bar for a colormap with its lo / hi values written under the ends (and 0
// under its position when a diverging map spans zero). Keeps its ramp texture between frames.
struct ColorLegend {
  ImageTexture ramp{ImageTexture::Sampling::linear};
};
void draw_color_legend(ColorLegend& legend, Colormap map, float lo, float hi, ImVec2 bar_size,
                       const char* number_format = "%.3g");

// The browser took the page's GL context away: until it is restored no texture touches GL (update()
// only keeps its values). After a restore every GL object is gone: the colormap programs are built
// again on first use and every live ImageTexture renders its values again at once. Call both on
// the browser main thread, outside ImGui's rendering (the restore inside a frame, with the context
// current).
void image_textures_context_lost();
void image_textures_context_restored();

// Renders known values through every colormap and reads the colours back. Returns "" when each
// shows its documented colours (the ends and the middle, and magenta for NaN), else what differs.
// Run once at start-up: a driver that mangles the shaders shows up as a message, not odd pictures.
std::string check_colormaps();
