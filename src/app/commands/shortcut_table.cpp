// The shortcut table.
#include "app/commands/shortcut_table.h"

namespace {

using K = ShortcutKey;
const Shortcut kShortcuts[] = {
    {"Tab / Shift+Tab", "move the focus from control to control (arrows too); past the last, out of digitlab", {}},
    {"Esc", "close what is open; with nothing open, leave digitlab for the page around it",
     {KeyBinding{K::escape, false, false, "close_help"}}},
    {"Space or Enter", "press the focused button, pick the focused choice", {}},
    {"F6 or Ctrl+Tab", "move the focus to the other pane (Train, the workbench)",
     {KeyBinding{K::f6, false, false, "switch_pane"}}},
    {"1  2  3  4", "show Train, Draw, Test or Lessons",
     {KeyBinding{K::one, false, false, "focus_view", "train"}, KeyBinding{K::two, false, false, "focus_view", "draw"},
      KeyBinding{K::three, false, false, "focus_view", "test"},
      KeyBinding{K::four, false, false, "focus_view", "lessons"}}},
    {"T", "Train, Pause or Resume", {KeyBinding{K::t, false, false, "train_or_pause"}}},
    {"C", "clear the drawing", {KeyBinding{K::c, false, false, "clear_drawing"}}},
    {"Ctrl+Z", "undo the last stroke", {KeyBinding{K::z, true, false, "undo_stroke"}}},
    {"[  ]", "a lesson's step back, and forward",
     {KeyBinding{K::left_bracket, false, false, "lesson_back"}, KeyBinding{K::right_bracket, false, false, "lesson_step"}}},
    {"P", "play or pause the lesson", {KeyBinding{K::p, false, false, "lesson_toggle_play"}}},
    {"-  =", "smaller or larger text",
     {KeyBinding{K::minus, false, false, "text_size", "-1"}, KeyBinding{K::equal, false, false, "text_size", "1"}}},
    {"? or F1", "this list (Esc closes it)",
     {KeyBinding{K::f1, false, false, "help"}, KeyBinding{K::slash, false, true, "help"}}},
};

}  // namespace

std::span<const Shortcut> shortcuts() { return kShortcuts; }
