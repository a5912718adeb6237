// window.digitlab, the page's automation API: the UI records labelled ImGui item rectangles each
// frame, and tests (or curious users) read them and a JSON status object with one call each.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace automation {

// A minimal streaming JSON writer for status(): fields go in order, commas are handled,
// strings escaped, non-finite numbers written as null.
class JsonWriter {
 public:
  JsonWriter& field(std::string_view key, std::string_view value);
  JsonWriter& field(std::string_view key, const char* value) { return field(key, std::string_view(value)); }
  JsonWriter& field(std::string_view key, bool value);
  JsonWriter& field(std::string_view key, int64_t value);
  JsonWriter& field(std::string_view key, int value) { return field(key, static_cast<int64_t>(value)); }
  JsonWriter& field(std::string_view key, double value);
  // A field whose value is already JSON text (e.g. a lesson's values_json()), copied verbatim.
  JsonWriter& raw_field(std::string_view key, std::string_view json);
  JsonWriter& begin_object(std::string_view key);  // a nested object field
  JsonWriter& end_object();
  JsonWriter& begin_array(std::string_view key);   // a nested array field; fill with value()
  JsonWriter& end_array();
  JsonWriter& value(std::string_view v);
  JsonWriter& value(double v);

  // The finished text of the top-level object.
  const std::string& finish();

 private:
  void separator();
  void key(std::string_view k);
  void string(std::string_view s);
  void number(double v);
  std::string out_ = "{";
  bool first_ = true;  // no comma needed before the next element
  bool finished_ = false;
};

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
void set_status_provider(std::function<void(JsonWriter&)> provider);

// Defines window.digitlab (call once, on the browser main thread).
void install_js_api();

}  // namespace automation
