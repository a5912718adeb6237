// window.digitlab: item rectangles recorded per frame and the status JSON, exported to JS as two
// coarse calls (digitlab_items_json, digitlab_status_json) wrapped by a small EM_JS API.
#include "app/automation.h"

#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

#include <emscripten.h>
#include <imgui.h>

namespace automation {

// ---- JsonWriter ------------------------------------------------------------------------------

void JsonWriter::separator() {
  if (!first_) out_ += ',';
  first_ = false;
}

void JsonWriter::string(std::string_view s) {
  out_ += '"';
  for (char c : s) {
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out_ += buf;
        } else {
          out_ += c;
        }
    }
  }
  out_ += '"';
}

void JsonWriter::key(std::string_view k) {
  separator();
  string(k);
  out_ += ':';
}

JsonWriter& JsonWriter::field(std::string_view k, std::string_view v) { key(k); string(v); return *this; }
JsonWriter& JsonWriter::field(std::string_view k, bool v) { key(k); out_ += v ? "true" : "false"; return *this; }
JsonWriter& JsonWriter::field(std::string_view k, int64_t v) { key(k); out_ += std::to_string(v); return *this; }
JsonWriter& JsonWriter::field(std::string_view k, double v) { key(k); number(v); return *this; }
JsonWriter& JsonWriter::raw_field(std::string_view k, std::string_view json) { key(k); out_ += json; return *this; }

JsonWriter& JsonWriter::value(std::string_view v) { separator(); string(v); return *this; }
JsonWriter& JsonWriter::value(double v) { separator(); number(v); return *this; }

void JsonWriter::number(double v) {
  if (!std::isfinite(v)) {
    out_ += "null";
    return;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  out_ += buf;
}

JsonWriter& JsonWriter::begin_object(std::string_view k) { key(k); out_ += '{'; first_ = true; return *this; }
JsonWriter& JsonWriter::end_object() { out_ += '}'; first_ = false; return *this; }
JsonWriter& JsonWriter::begin_array(std::string_view k) { key(k); out_ += '['; first_ = true; return *this; }
JsonWriter& JsonWriter::end_array() { out_ += ']'; first_ = false; return *this; }

const std::string& JsonWriter::finish() {
  if (!finished_) out_ += '}';
  finished_ = true;
  return out_;
}

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
  std::function<void(JsonWriter&)> status_provider;
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

void set_status_provider(std::function<void(JsonWriter&)> provider) {
  registry().status_provider = std::move(provider);
}

}  // namespace automation

// ---- The JS boundary -------------------------------------------------------------------------

// {"display":{"w":..,"h":..},"items":{"<label>":{"x":..,"y":..,"w":..,"h":..,"visible":..},..}}
// in ImGui display coordinates, from the last completed frame.
extern "C" EMSCRIPTEN_KEEPALIVE const char* digitlab_items_json() {
  automation::Registry& r = automation::registry();
  automation::JsonWriter w;
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

extern "C" EMSCRIPTEN_KEEPALIVE const char* digitlab_status_json() {
  automation::Registry& r = automation::registry();
  automation::JsonWriter w;
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
