// The keyboard shortcuts as one table: the keys as the help overlay writes them, what they do, and
// the command each key runs by name (Commands::run), so the overlay and the key handling
// (views/shortcuts.cpp) cannot drift apart. Keys are named here without ImGui; a row without
// bindings documents a key ImGui's navigation handles itself (Tab, Esc, Space).
#pragma once
#include <array>
#include <span>

enum class ShortcutKey { none, f1, f6, slash, escape, one, two, three, four, t, c, z, left_bracket, right_bracket, p,
                         minus, equal };

struct KeyBinding {
  ShortcutKey key = ShortcutKey::none;
  bool ctrl = false, shift = false;
  const char* command = nullptr;
  const char* argument = "";
};

struct Shortcut {
  const char* keys;  // as the overlay shows them, e.g. "T"
  const char* what;  // what they do
  std::array<KeyBinding, 4> bindings{};
};

std::span<const Shortcut> shortcuts();
