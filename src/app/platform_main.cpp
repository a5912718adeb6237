// The one platform file: SDL2 window + WebGL2 (GL ES 3.0) context, Dear ImGui set-up, HiDPI,
// and the Emscripten main loop. Everything else in the app is reached through App; the page's
// JavaScript through browser.h.
#include <algorithm>
#include <cfloat>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <GLES3/gl3.h>
#include <pthread.h>
#include <SDL.h>
#include <emscripten.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl2.h>

#include "app/app.h"
#include "app/bridge/automation.h"
#include "app/bridge/browser.h"
#include "app/access/focus_ring.h"
#include "app/gfx/gl_name_recycling.h"
#include "app/gfx/image_texture.h"
#include "app/gfx/look.h"
#include "app/gfx/redraw_gate.h"
#include "app/gfx/widgets/widgets.h"
#include "engine/background.h"

namespace {

struct Platform {
  SDL_Window* window = nullptr;
  SDL_GLContext gl = nullptr;
  std::string gl_version, gl_renderer;
  float font_scale = 0, font_px = 0;  // framebuffer scale and text size the font atlas was made for
  float style_px = 0;                 // text size and pointer the style was made for
  bool style_touch = false;
  bool style_light = false;
  int64_t frames = 0;
  RedrawGate redraw;
  // How long each frame callback took (ms), the most recent kFrameWindow of them.
  static constexpr int kFrameWindow = 240;
  std::array<float, kFrameWindow> frame_work_ms{};
  std::atomic<bool> pthread_ran{false};
  // Without threads: the seconds the trainers' fibers ran in the frames' slices.
  double background_seconds = 0, longest_slice_seconds = 0;
  // The WebGL context: gone for now (the browser took it), and how often it went and came back.
  bool gl_lost = false, gl_lost_can_save = false;
  int gl_losses = 0, gl_restores = 0;
  App app;
};

// The fonts are rasterized at the framebuffer's pixel density and drawn scaled back down, so text
// stays crisp on HiDPI screens (ImGui itself works in CSS pixels); they are rebuilt when the text
// size or the devicePixelRatio changes (another screen, a zoomed page), and the style when the
// text size or the pointer (mouse or finger) does.
void update_look(Platform& p) {
  const ImGuiIO& io = ImGui::GetIO();
  p.app.prepare_frame(io.DisplaySize.x, io.DisplaySize.y);
  const float scale = io.DisplayFramebufferScale.x;
  const bool fonts_stale = scale > 0 && (scale != p.font_scale || p.app.session.text_size != p.font_px);
  if (fonts_stale && !p.gl_lost) {  // a lost context takes no texture: rebuilt once it is back
    p.font_scale = scale;
    p.font_px = p.app.session.text_size;
    build_fonts(p.font_px, scale);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    p.redraw.invalidate();
  }
  if (p.app.session.text_size != p.style_px || p.app.touch != p.style_touch || p.app.light_theme != p.style_light) {
    p.style_px = p.app.session.text_size;
    p.style_touch = p.app.touch;
    p.style_light = p.app.light_theme;
    apply_style(p.style_px, p.style_touch, p.style_light);
  }
}

void write_platform_status(const Platform& p, dl::lessons::JsonWriter& w) {
  const ImGuiIO& io = ImGui::GetIO();
  w.field("phase", p.frames > 0 ? "running" : "starting")
      .field("frames", p.frames)
      .field("webgl", p.gl_version)
      .field("renderer", p.gl_renderer)
      .field("pthreadRan", p.pthread_ran.load())
      .field("threadsAvailable", dl::background::threads_available())
      .field("fibers", dl::background::fiber_count())
      .field("backgroundSeconds", p.background_seconds)
      .field("longestSliceMs", p.longest_slice_seconds * 1000.0)
      .field("glContextLost", p.gl_lost)
      .field("glContextLosses", p.gl_losses)
      .field("glContextRestores", p.gl_restores)
      .field("framesDrawn", p.redraw.drawn)
      .field("framesPartial", p.redraw.partial)
      .field("framesSkipped", p.redraw.skipped);
  // The main thread's own work per frame: what the page costs the cores besides the trainer.
  const int count = static_cast<int>(std::min<int64_t>(p.frames, Platform::kFrameWindow));
  std::array<float, Platform::kFrameWindow> sorted = p.frame_work_ms;
  std::sort(sorted.begin(), sorted.begin() + count);
  w.begin_object("frameWorkMs")
      .field("median", count ? double(sorted[count / 2]) : 0.0)
      .field("p90", count ? double(sorted[count * 9 / 10]) : 0.0)
      .field("max", count ? double(sorted[count - 1]) : 0.0)
      .end_object()
      .begin_object("display")
      .field("w", double(io.DisplaySize.x))
      .field("h", double(io.DisplaySize.y))
      .field("scale", double(io.DisplayFramebufferScale.x))
      .end_object()
      .field("layout", layout_name(p.app.layout))
      .field("textSize", double(p.app.session.text_size))
      .field("fontPixels", double(ImGui::GetFontSize()))
      .field("touch", p.app.touch)
      .field("theme", p.app.light_theme ? "light" : "dark")
      .field("themeChoice", theme_choice_name(p.app.session.theme_choice))
      .field("pointer", io.MouseSource == ImGuiMouseSource_TouchScreen ? "finger" : "mouse")
      .field("touchScrolling", ui::touch_scrolling())
      .field("focus", automation::focused_label())
      .field("typing", io.WantTextInput);
}

// Proves a worker from the pool runs our code (threads need cross-origin isolation). Created
// detached: std::thread::detach() joins a thread that already finished, and a join on the
// browser main thread makes Emscripten warn "Blocking on the main thread is very dangerous".
void start_thread_probe(Platform& p) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t thread;
  const int err = pthread_create(
      &thread, &attr,
      [](void* arg) -> void* {
        static_cast<Platform*>(arg)->pthread_ran = true;
        return nullptr;
      },
      &p);
  if (err != 0) std::fprintf(stderr, "pthread_create failed (%d): no worker threads\n", err);
  pthread_attr_destroy(&attr);
}

void shutdown(Platform& p) {
  emscripten_cancel_main_loop();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(p.gl);
  SDL_DestroyWindow(p.window);
  SDL_Quit();
}

// Follows the WebGL context: the browser may take it away and give it back later, with every GL
// object gone. While it is gone nothing is painted, but the app's frame goes on (the trainer's
// progress, files, the accessible layer; the trainer never needed GL) and the page's card says
// what happened. When it is back, every GL object is made again: ImGui's shaders, buffers and font
// texture (its atlas is still in memory) and the app's image textures, which keep their values.
void follow_gl_context(Platform& p) {
  const bool lost = browser::gl_context_lost();
  if (lost && !p.gl_lost) {
    ++p.gl_losses;
    image_textures_context_lost();
  }
  if (!lost && p.gl_lost) {
    browser::forget_lost_gl_objects();
    forget_recycled_vertex_arrays();
    ImGui_ImplOpenGL3_DestroyDeviceObjects();  // only forgets the names now; NewFrame makes new ones
    image_textures_context_restored();
    p.redraw.invalidate();  // a restored canvas starts blank
    ++p.gl_restores;
  }
  const bool can_save = lost && p.app.session.live.ready();  // a model may also arrive while it is gone
  if (lost != p.gl_lost || can_save != p.gl_lost_can_save) browser::show_graphics_lost(lost, can_save);
  p.gl_lost = lost;
  p.gl_lost_can_save = can_save;
}

// Feeds SDL's events to ImGui (its input queue keeps a press and release within one frame
// apart, and a touch's move before its press); false once the page is closing.
bool process_events(Platform& p) {
  SDL_Event event;
  while (SDL_PollEvent(&event)) {
    if (event.type == SDL_QUIT) {
      shutdown(p);
      return false;
    }
    // A finger that lifts leaves no pointer behind: nothing stays hovered (highlighted, showing a
    // tooltip) after a tap; the queue applies this after the release, at the next frame. SDL sends
    // no motion for a new tap where the last one was, so a finger's press brings its position.
    const bool finger = (event.type == SDL_MOUSEBUTTONDOWN || event.type == SDL_MOUSEBUTTONUP) &&
                        event.button.which == SDL_TOUCH_MOUSEID;
    if (finger && event.type == SDL_MOUSEBUTTONDOWN) {
      ImGui::GetIO().AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
      ImGui::GetIO().AddMousePosEvent(float(event.button.x), float(event.button.y));
    }
    // Tab at the end of a pane steps into the next pane (ImGui's own Tab stays inside a window).
    if (event.type == SDL_KEYDOWN && event.key.keysym.sym == SDLK_TAB && !(event.key.keysym.mod & (KMOD_CTRL | KMOD_ALT)) &&
        focus_ring::take_tab((event.key.keysym.mod & KMOD_SHIFT) != 0))
      continue;
    ImGui_ImplSDL2_ProcessEvent(&event);
    if (finger && event.type == SDL_MOUSEBUTTONUP) ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
  }
  return true;
}

void frame(void* arg) {
  Platform& p = *static_cast<Platform*>(arg);
  const double started_ms = emscripten_get_now();
  if (!process_events(p)) return;
  follow_gl_context(p);
  ImGui_ImplSDL2_NewFrame();    // sets DisplaySize (CSS px) and DisplayFramebufferScale (dpr)
  ImGui_ImplOpenGL3_NewFrame();  // creates the GL objects on the first frame
  update_look(p);
  ImGui::NewFrame();
  automation::begin_frame();
  ui::begin_explanations();
  focus_ring::begin_frame();

  p.app.frame();
  ui::apply_touch_scroll();

  ImGui::Render();
  const ImGuiIO& io = ImGui::GetIO();
  automation::end_frame(io.DisplaySize.x, io.DisplaySize.y);
  int fb_w = 0, fb_h = 0;
  SDL_GL_GetDrawableSize(p.window, &fb_w, &fb_h);
  ImDrawData& draw_data = *ImGui::GetDrawData();
  const RepaintPlan plan = p.gl_lost ? RepaintPlan{} : p.redraw.plan(draw_data, fb_w, fb_h);
  if (plan.paint) {
    glViewport(0, 0, fb_w, fb_h);
    if (p.style_light) glClearColor(0.86f, 0.87f, 0.89f, 1.0f);
    else glClearColor(0.09f, 0.10f, 0.12f, 1.0f);
    if (!plan.full) {
      // Only the changed rectangle: the clear and every command are clipped to it.
      clip_draw_data(draw_data, plan.rect);
      const ImVec2 scale = draw_data.FramebufferScale, origin = draw_data.DisplayPos;
      const int x0 = static_cast<int>((plan.rect.x - origin.x) * scale.x);
      const int y1 = static_cast<int>((plan.rect.w - origin.y) * scale.y);
      glEnable(GL_SCISSOR_TEST);
      glScissor(x0, fb_h - y1, static_cast<int>((plan.rect.z - plan.rect.x) * scale.x),
                static_cast<int>((plan.rect.w - plan.rect.y) * scale.y));
    }
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_SCISSOR_TEST);
    ImGui_ImplOpenGL3_RenderDrawData(&draw_data);
    SDL_GL_SwapWindow(p.window);  // a no-op on the web: the browser presents after the callback
  }
  const double work_ms = emscripten_get_now() - started_ms;
  p.frame_work_ms[p.frames % Platform::kFrameWindow] = static_cast<float>(work_ms);
  ++p.frames;
  // A page without threads trains here, between frames: what is left of a 60 Hz frame after the
  // UI's own work, at least a few ms so training never starves (engine/background.h).
  const double slice = dl::background::run_for(std::clamp(0.014 - work_ms / 1000.0, 0.004, 0.010));
  p.background_seconds += slice;
  p.longest_slice_seconds = std::max(p.longest_slice_seconds, slice);
}

}  // namespace

int main() {
  // A page without threads (not cross-origin isolated) trains in fibers between frames.
  dl::background::install_asyncify_fibers();
  // Keys reach the app wherever the page's focus is: on the canvas, or on the accessible element the
  // focus ring's item has (web/access.js moves the DOM focus there, so a screen reader announces it).
  // An accessible control's own keys (Enter on a button, arrows on a slider, typing in a field) stop
  // at it (web/access.js), so ImGui never acts on them too; Tab, the shortcuts and the rest go on.
  // The window is SDL's default keyboard element (no hint can name it: Emscripten reads "#window" as
  // a CSS selector).
  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    std::fprintf(stderr, "SDL_Init failed: %s\n", SDL_GetError());
    return 1;
  }
  // WebGL2 is GL ES 3.0.
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);

  // The page sizes the canvas with CSS; RESIZABLE makes SDL follow it, ALLOW_HIGHDPI makes the
  // drawing buffer CSS size × devicePixelRatio while mouse coordinates stay in CSS pixels.
  auto* p = new Platform;  // lives for the page's lifetime; the main loop outlives main()
  p->window = SDL_CreateWindow("digitlab", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 1280, 720,
                               SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  if (!p->window) {
    std::fprintf(stderr, "SDL_CreateWindow failed: %s\n", SDL_GetError());
    return 1;
  }
  // The canvas keeps its pixels between frames, so a frame can repaint only what changed
  // (RedrawGate). SDL creates the context through Emscripten's EGL, which has no attribute for it.
  EM_ASM({ EGL.contextAttributes.preserveDrawingBuffer = true; });
  p->gl = SDL_GL_CreateContext(p->window);
  if (!p->gl) {
    std::fprintf(stderr, "WebGL2 context creation failed: %s\n", SDL_GetError());
    return 1;
  }
  p->gl_version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
  p->gl_renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no file system on the web
  // Every control by keyboard: Tab / arrows move a visible focus, Space and Enter activate.
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  focus_ring::install();
  ImGui::StyleColorsDark();
  ImGui_ImplSDL2_InitForOpenGL(p->window, p->gl);
  ImGui_ImplOpenGL3_Init("#version 300 es");

  if (dl::background::threads_available()) start_thread_probe(*p);

  browser::install({[p](dl::lessons::JsonWriter& w) {
                      write_platform_status(*p, w);
                      p->app.write_status(w);
                    },
                    [p] { p->redraw.invalidate(); }});
  // fps 0: driven by requestAnimationFrame. main() returns; the loop keeps the runtime alive.
  emscripten_set_main_loop_arg(frame, p, 0, false);
  return 0;
}
