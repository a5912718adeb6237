// Keyboard shortcuts, listed in the help overlay (? or F1): each is a key and an app command, the
// same one a widget runs. None fires while a text field takes typing.
#pragma once
#include <span>

struct App;

struct Shortcut {
  const char* keys;  // as the overlay shows them, e.g. "T"
  const char* what;  // what they do
};
std::span<const Shortcut> shortcuts();

// Once per frame, after ImGui::NewFrame and before the windows are drawn.
void handle_shortcuts(App& app);
// The overlay, when app.help_open.
void draw_help_overlay(App& app);
