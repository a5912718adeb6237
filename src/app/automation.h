// window.digitlab, the page's automation API: the UI records labelled ImGui item rectangles each
// frame, and tests (or curious users) read them and a JSON status object with one call each.
#pragma once
#include <functional>
#include <string_view>

#include "lessons/json_writer.h"

namespace automation {

// Called once per frame by the platform loop, around the UI code.
void begin_frame();
// Publishes this frame's items. display_w/h: ImGui's display size (the coordinates of item
// rectangles); JS maps them onto the canvas' CSS box.
void end_frame(float display_w, float display_h);

// Records the last ImGui item (call right after the widget) under a label unique in the frame,
// e.g. record_item("Train") after ImGui::Button("Train").
void record_item(std::string_view label);

// Builds the status object on request. The platform sets one provider; it writes its own fields
// and calls the app's.
void set_status_provider(std::function<void(dl::lessons::JsonWriter&)> provider);

// What window.digitlab.repaintAll() does: the next frame repaints the whole canvas (a test
// compares that picture with the one the partial repaints left).
void set_repaint_handler(std::function<void()> handler);

// Defines window.digitlab (call once, on the browser main thread).
void install_js_api();

}  // namespace automation
