// The JS/WASM boundary: exported entry points JS calls (files, links, window.digitlab's calls),
// the EM_JS calls the app makes into the page, and the one piece of state they share.
#include "app/bridge/browser.h"

#include <array>
#include <cstdlib>
#include <utility>

#include <emscripten.h>

#include "app/bridge/automation.h"

namespace browser {
namespace {

// Things JS hands over between frames wait here until the app takes them.
template <class T>
class Inbox {
 public:
  void put(T item) { items_.push_back(std::move(item)); }
  std::vector<T> take() { return std::exchange(items_, {}); }

 private:
  std::vector<T> items_;
};

// The boundary's state: JS reaches C++ only through plain exported functions, so what they
// deliver lives here rather than in the app's structs. Touched only on the browser main thread.
struct Boundary {
  Inbox<ReceivedFile> dataset_files, model_files;
  Inbox<std::string> commands;
  Inbox<FocusRequest> focus_requests;
  std::optional<std::string> link;
  // Each picker button's rectangle this frame, and the last one sent to JS.
  std::array<std::array<float, 7>, static_cast<size_t>(PickerButton::count)> picker_frame{}, picker_sent{};
  Api api;
  std::string items_text, status_text;  // returned to JS; valid until the next call
};

Boundary& boundary() {
  static Boundary b;
  return b;
}

ReceivedFile make_file(const char* name, uint8_t* bytes, size_t size, const char* error) {
  ReceivedFile f;
  f.name = name ? name : "";
  f.bytes.reset(bytes);
  f.size = bytes ? size : 0;
  f.error = error ? error : "";
  return f;
}

}  // namespace

std::vector<ReceivedFile> take_dataset_files() { return boundary().dataset_files.take(); }
std::vector<ReceivedFile> take_model_files() { return boundary().model_files.take(); }
std::optional<std::string> take_link() { return std::exchange(boundary().link, std::nullopt); }
std::vector<std::string> take_commands() { return boundary().commands.take(); }
std::vector<FocusRequest> take_focus_requests() { return boundary().focus_requests.take(); }

}  // namespace browser

// ---- Entry points JS calls ------------------------------------------------------------------------

// web/data.js: one inflated dataset file. Takes ownership of `bytes` (malloc'ed by JS); `name` is copied.
extern "C" EMSCRIPTEN_KEEPALIVE void digitlab_set_dataset_file(const char* name, uint8_t* bytes, size_t size) {
  browser::boundary().dataset_files.put(browser::make_file(name, bytes, size, nullptr));
}

// web/data.js: a dataset's download failed ("fashion-mnist: HTTP 404 ...").
extern "C" EMSCRIPTEN_KEEPALIVE void digitlab_dataset_failed(const char* message) {
  browser::boundary().dataset_files.put(browser::make_file("", nullptr, 0, message ? message : "download failed"));
}

// web/model_files.js: a picked or dropped file. Takes ownership of `bytes` (may be null when size is
// 0 or on error); a non-empty `error` says why the browser could not read the file.
extern "C" EMSCRIPTEN_KEEPALIVE void digitlab_receive_model_file(const char* name, uint8_t* bytes, size_t size,
                                                                  const char* error) {
  browser::boundary().model_files.put(browser::make_file(name, bytes, size, error));
}

// web/access.js: a command from one of the page's accessible controls, "name argument".
extern "C" EMSCRIPTEN_KEEPALIVE void digitlab_command(const char* line) {
  if (line) browser::boundary().commands.put(line);
}

// web/access.js: the DOM focus moved onto the element of the ring item `label` (mode 0; 1: the element
// edits the value itself), or onto the canvas by keyboard (mode 2: the ring where it was; 3 / 4: else
// on the first / last stop; 5: the focus left the app, the ring hides).
extern "C" EMSCRIPTEN_KEEPALIVE void digitlab_focus(const char* label, int mode) {
  browser::FocusRequest r;
  if (mode == 5) {
    r.kind = browser::FocusRequest::Kind::hide;
  } else if (mode >= 2) {
    r.kind = browser::FocusRequest::Kind::show;
    r.from_end = mode == 3 ? 1 : mode == 4 ? -1 : 0;
  } else {
    r.label = label ? label : "";
    r.page_edits = mode == 1;
  }
  browser::boundary().focus_requests.put(std::move(r));
}

// The URL hash: at load, on hashchange, and from window.digitlab.openLesson.
extern "C" EMSCRIPTEN_KEEPALIVE void digitlab_open_deep_link(const char* hash) {
  browser::boundary().link = hash ? hash : "";
}

// window.digitlab.items(): {"display":{"w","h"},"items":{"<label>":{"x","y","w","h","visible"},..}}
// in ImGui display coordinates, from the last completed frame.
extern "C" EMSCRIPTEN_KEEPALIVE const char* digitlab_items_json() {
  browser::Boundary& b = browser::boundary();
  const automation::Frame& frame = automation::published();
  dl::lessons::JsonWriter w;
  w.begin_object("display").field("w", double(frame.display_w)).field("h", double(frame.display_h)).end_object();
  w.begin_object("items");
  for (const automation::Item& it : frame.items) {
    w.begin_object(it.label)
        .field("x", double(it.x))
        .field("y", double(it.y))
        .field("w", double(it.w))
        .field("h", double(it.h))
        .field("visible", it.visible)
        .end_object();
  }
  w.end_object();
  b.items_text = w.finish();
  return b.items_text.c_str();
}

extern "C" EMSCRIPTEN_KEEPALIVE const char* digitlab_status_json() {
  browser::Boundary& b = browser::boundary();
  dl::lessons::JsonWriter w;
  if (b.api.write_status) b.api.write_status(w);
  b.status_text = w.finish();
  return b.status_text.c_str();
}

extern "C" EMSCRIPTEN_KEEPALIVE void digitlab_repaint_all() {
  if (browser::boundary().api.repaint_all) browser::boundary().api.repaint_all();
}

// ---- Calls into the page ---------------------------------------------------------------------------
// (EM_JS bodies are one stringified line: comments inside must be block comments.)

// slice() copies out of the shared WASM memory: Blob refuses views on a SharedArrayBuffer.
EM_JS(void, digitlab_js_offer_download, (const char* name, const uint8_t* bytes, size_t size), {
  window.digitlabFiles.download(UTF8ToString(name), window.digitlabData.heapU8(Module).slice(bytes, bytes + size));
});

EM_JS(void, digitlab_js_set_picker_button, (int which, float x, float y, float w, float h, float dw, float dh, int clickable), {
  window.digitlabFiles.setPickerButton(which, clickable ? {x: x, y: y, w: w, h: h, displayW: dw, displayH: dh} : null);
});

EM_JS(void, digitlab_js_open_picker, (), { window.digitlabFiles.openPickerFromFrame(); });

EM_JS(void, digitlab_js_copy_link, (), {
  /* The clipboard may be refused (no focus, a policy): the address bar has the link anyway. */
  try { navigator.clipboard.writeText(location.href).catch(function() {}); } catch (e) {}
});

EM_JS(int, digitlab_js_in_frame, (), {
  try { return window.self !== window.top ? 1 : 0; } catch (e) { return 1; }
});

EM_JS(void, digitlab_js_open_page, (const char* hash), {
  /* A sandboxed frame may refuse: nothing breaks. */
  var link = location.href.split('#')[0] + UTF8ToString(hash);
  try { window.open(link, '_blank', 'noopener'); } catch (e) {}
});

EM_JS(char*, digitlab_js_page_address, (), {
  var value = location.href.split('#')[0];
  var size = lengthBytesUTF8(value) + 1;
  var text = _malloc(size);
  stringToUTF8(value, text, size);
  return text;
});

EM_JS(void, digitlab_js_copy_text, (const char* text), {
  var value = UTF8ToString(text);
  try { navigator.clipboard.writeText(value).catch(function() {}); } catch (e) {}
});

EM_JS(void, digitlab_js_request_dataset, (const char* slug), {
  window.digitlabData.loadDataset(Module, UTF8ToString(slug));
});

EM_JS(void, digitlab_js_publish_access, (const char* json), {
  if (window.digitlabAccess) window.digitlabAccess.publish(UTF8ToString(json));
});

EM_JS(void, digitlab_js_follow_ring, (const char* json), {
  if (window.digitlabAccess) window.digitlabAccess.follow(UTF8ToString(json));
});

EM_JS(void, digitlab_js_announce, (const char* text, int alert), {
  if (window.digitlabAccess) window.digitlabAccess.announce(UTF8ToString(text), alert !== 0);
});

EM_JS(void, digitlab_js_replace_hash, (const char* hash), {
  var next = UTF8ToString(hash);
  if (location.hash !== next) history.replaceState(history.state, "", next);
});

// window.digitlab. Item rectangles are mapped onto the canvas' CSS box here, so callers get viewport
// CSS pixels (what Playwright's page.mouse and DOM events use) whatever the devicePixelRatio. The
// browser adds what only it knows to status(): isolation, cores, the worker pool, the shell's
// loading. Links: the page hands over the whole hash, once per change; openLesson sets the hash
// like a user's link (so Back works as usual), and when the hash is already that link no
// hashchange would fire, so it is delivered directly.
EM_JS(void, digitlab_js_install, (), {
  function toCss(r, display) {
    var box = Module['canvas'].getBoundingClientRect();
    var sx = display.w > 0 ? box.width / display.w : 1;
    var sy = display.h > 0 ? box.height / display.h : 1;
    return {x: box.left + r.x * sx, y: box.top + r.y * sy, w: r.w * sx, h: r.h * sy, visible: r.visible};
  }
  function items() {
    var s = JSON.parse(UTF8ToString(_digitlab_items_json()));
    var out = {};
    for (var label in s.items) out[label] = toCss(s.items[label], s.display);
    return out;
  }
  function deliverLink(hash) {
    var size = lengthBytesUTF8(hash) + 1;
    var text = _malloc(size);
    stringToUTF8(hash, text, size);
    _digitlab_open_deep_link(text);
    _free(text);
  }
  window.digitlab = {
    items: items,
    itemRect: function(label) {
      var all = items();
      return Object.prototype.hasOwnProperty.call(all, label) ? all[label] : null;
    },
    repaintAll: function() { _digitlab_repaint_all(); },
    status: function() {
      var s = JSON.parse(UTF8ToString(_digitlab_status_json()));
      s.crossOriginIsolated = self.crossOriginIsolated === true;
      s.threads = navigator.hardwareConcurrency || 1;
      s.pthreadPool = {idle: PThread.unusedWorkers.length, busy: PThread.runningWorkers.length};
      /* The WebAssembly memory only grows, so its size now is the peak so far. */
      s.wasmMemoryBytes = wasmMemory.buffer.byteLength;
      /* GL names made so far: Emscripten never reuses one, and each grows its name tables. */
      s.glNamesMade = GL.counter;
      if (window.digitlabShell) s.shell = window.digitlabShell.status();
      return s;
    },
    openLesson: function(slug, step) {
      var hash = '#' + slug + (step === undefined || step === null ? "" : '/step=' + step);
      if (location.hash === hash) deliverLink(hash); else location.hash = hash;
    }
  };
  /* The event's own new URL: the app may have rewritten location.hash since (replaceState). */
  window.addEventListener('hashchange', function(event) { deliverLink(new URL(event.newURL).hash); });
  if (location.hash.length > 1) deliverLink(location.hash);
  /* Without preventDefault() the browser never gives a lost context back. */
  Module['canvas'].addEventListener('webglcontextlost', function(event) { event.preventDefault(); });
});

EM_JS(int, digitlab_js_gl_context_lost, (), { return Module.ctx && Module.ctx.isContextLost() ? 1 : 0; });

/* Emscripten's GL layer maps GL names to WebGL objects in tables (GL.textures, ...); names are
   never reused, so emptying the tables makes every old name unknown, which its glDelete* skip. */
EM_JS(void, digitlab_js_forget_lost_gl_objects, (), {
  ['buffers', 'programs', 'framebuffers', 'renderbuffers', 'textures', 'shaders', 'vaos', 'queries',
   'samplers', 'transformFeedbacks', 'syncs'].forEach(function(name) {
    var table = GL[name];
    if (table) for (var i = 0; i < table.length; i++) table[i] = null;
  });
  var context = GL.currentContext;
  if (context && GL.initExtensions) {
    context.initExtensionsDone = false;
    GL.initExtensions(context);
  }
});

EM_JS(void, digitlab_js_show_graphics_lost, (int lost, int can_save), {
  if (window.digitlabShell) window.digitlabShell.graphicsLost(lost !== 0, can_save !== 0);
});

// Storage may be switched off (private windows, policies): then nothing is remembered.
EM_JS(char*, digitlab_js_load_preference, (const char* key), {
  var value = null;
  try { value = window.localStorage.getItem('digitlab.' + UTF8ToString(key)); } catch (e) {}
  if (value === null) return 0;
  var size = lengthBytesUTF8(value) + 1;
  var text = _malloc(size);
  stringToUTF8(value, text, size);
  return text;
});

EM_JS(void, digitlab_js_save_preference, (const char* key, const char* value), {
  try { window.localStorage.setItem('digitlab.' + UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
});

/* A finger is the main pointer, or the device has a touch screen and no fine pointer at all. */
EM_JS(int, digitlab_js_coarse_pointer, (), {
  var media = function(q) { return window.matchMedia && window.matchMedia(q).matches; };
  return media('(pointer: coarse)') || (navigator.maxTouchPoints > 0 && !media('(any-pointer: fine)')) ? 1 : 0;
});

// One MediaQueryList, asked every frame (it follows the system's setting as it changes).
EM_JS(int, digitlab_js_prefers_light, (), {
  if (Module.digitlabLightQuery === undefined)
    Module.digitlabLightQuery = window.matchMedia ? window.matchMedia('(prefers-color-scheme: light)') : null;
  return Module.digitlabLightQuery && Module.digitlabLightQuery.matches ? 1 : 0;
});

namespace browser {

std::optional<std::string> load_preference(const char* key) {
  char* text = digitlab_js_load_preference(key);
  if (!text) return std::nullopt;
  std::string value = text;
  std::free(text);
  return value;
}

void save_preference(const char* key, const std::string& value) { digitlab_js_save_preference(key, value.c_str()); }

bool coarse_pointer() { return digitlab_js_coarse_pointer() != 0; }

bool prefers_light() { return digitlab_js_prefers_light() != 0; }

void replace_link(const std::string& hash) { digitlab_js_replace_hash(hash.c_str()); }

void copy_link_to_clipboard() { digitlab_js_copy_link(); }

void request_dataset(const std::string& slug) { digitlab_js_request_dataset(slug.c_str()); }

bool in_frame() { return digitlab_js_in_frame() != 0; }

void open_page(const std::string& hash) { digitlab_js_open_page(hash.c_str()); }

std::string page_address() {
  char* text = digitlab_js_page_address();
  std::string address = text ? text : "";
  std::free(text);
  return address;
}

void copy_text(const std::string& text) { digitlab_js_copy_text(text.c_str()); }

void publish_access(const std::string& json) { digitlab_js_publish_access(json.c_str()); }

void announce(const std::string& text, bool alert) { digitlab_js_announce(text.c_str(), alert ? 1 : 0); }

void publish_ring(const std::string& json) { digitlab_js_follow_ring(json.c_str()); }

void offer_download(const std::string& file_name, const std::vector<uint8_t>& bytes) {
  digitlab_js_offer_download(file_name.c_str(), bytes.data(), bytes.size());
}

void set_picker_button(PickerButton which, float x, float y, float w, float h, float display_w, float display_h,
                       bool clickable) {
  boundary().picker_frame[static_cast<size_t>(which)] = {x, y, w, h, display_w, display_h, clickable ? 1.0f : 0.0f};
}

void publish_picker_buttons() {
  Boundary& b = boundary();
  for (size_t i = 0; i < b.picker_frame.size(); ++i) {
    // Cross into JS only when something changed (the buttons rarely move).
    const std::array<float, 7> now = b.picker_frame[i];
    b.picker_frame[i] = {};  // unless reported again next frame: not a button
    if (now == b.picker_sent[i]) continue;
    b.picker_sent[i] = now;
    digitlab_js_set_picker_button(static_cast<int>(i), now[0], now[1], now[2], now[3], now[4], now[5], now[6] > 0 ? 1 : 0);
  }
}

void open_picker() { digitlab_js_open_picker(); }

bool gl_context_lost() { return digitlab_js_gl_context_lost() != 0; }

void forget_lost_gl_objects() { digitlab_js_forget_lost_gl_objects(); }

void show_graphics_lost(bool lost, bool can_save) { digitlab_js_show_graphics_lost(lost ? 1 : 0, can_save ? 1 : 0); }

void install(Api api) {
  boundary().api = std::move(api);
  digitlab_js_install();
}

}  // namespace browser
