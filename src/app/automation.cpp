// window.digitlab: item rectangles recorded per frame and the status JSON, exported to JS as two
// coarse calls (digitlab_items_json, digitlab_status_json) wrapped by a small EM_JS API.
#include "app/automation.h"

#include <string>
#include <utility>
#include <vector>

#include <emscripten.h>
#include <imgui.h>

namespace automation {

// ---- Item registry ---------------------------------------------------------------------------

namespace {

struct Item {
  std::string label;
  ImVec2 min, max;
  bool visible;
};

// The single boundary state: JS can only reach C++ through plain exported functions, so the
// registry lives here rather than in the app's structs. Touched only on the browser main thread.
struct Registry {
  std::vector<Item> building, published;
  float display_w = 0, display_h = 0;
  std::function<void(dl::lessons::JsonWriter&)> status_provider;
  std::function<void()> repaint_all;
  std::string items_text, status_text;  // returned to JS; valid until the next call
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

void begin_frame() { registry().building.clear(); }

void end_frame(float display_w, float display_h) {
  Registry& r = registry();
  std::swap(r.building, r.published);
  r.display_w = display_w;
  r.display_h = display_h;
}

void record_item(std::string_view label) {
  registry().building.push_back(
      {std::string(label), ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), ImGui::IsItemVisible()});
}

void set_repaint_handler(std::function<void()> handler) { registry().repaint_all = std::move(handler); }

void set_status_provider(std::function<void(dl::lessons::JsonWriter&)> provider) {
  registry().status_provider = std::move(provider);
}

}  // namespace automation

// ---- The JS boundary -------------------------------------------------------------------------

// {"display":{"w":..,"h":..},"items":{"<label>":{"x":..,"y":..,"w":..,"h":..,"visible":..},..}}
// in ImGui display coordinates, from the last completed frame.
extern "C" EMSCRIPTEN_KEEPALIVE const char* digitlab_items_json() {
  automation::Registry& r = automation::registry();
  dl::lessons::JsonWriter w;
  w.begin_object("display").field("w", double(r.display_w)).field("h", double(r.display_h)).end_object();
  w.begin_object("items");
  for (const automation::Item& it : r.published) {
    w.begin_object(it.label)
        .field("x", double(it.min.x))
        .field("y", double(it.min.y))
        .field("w", double(it.max.x - it.min.x))
        .field("h", double(it.max.y - it.min.y))
        .field("visible", it.visible)
        .end_object();
  }
  w.end_object();
  r.items_text = w.finish();
  return r.items_text.c_str();
}

extern "C" EMSCRIPTEN_KEEPALIVE void digitlab_repaint_all() {
  if (automation::registry().repaint_all) automation::registry().repaint_all();
}

extern "C" EMSCRIPTEN_KEEPALIVE const char* digitlab_status_json() {
  automation::Registry& r = automation::registry();
  dl::lessons::JsonWriter w;
  if (r.status_provider) r.status_provider(w);
  r.status_text = w.finish();
  return r.status_text.c_str();
}

// Item rectangles are mapped onto the canvas' CSS box here, so callers get viewport CSS pixels
// (what Playwright's page.mouse and DOM events use) whatever the devicePixelRatio. The browser
// adds what only it knows to status(): isolation, cores, the worker pool, the shell's loading.
// (EM_JS bodies are one stringified line: comments inside must be block comments.)
EM_JS(void, digitlab_install_js_api, (), {
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
      if (window.digitlabShell) s.shell = window.digitlabShell.status();
      return s;
    }
  };
});

void automation::install_js_api() { digitlab_install_js_api(); }
