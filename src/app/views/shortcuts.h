// The keys of the shortcut table (commands/shortcut_table.h) read from ImGui, and the overlay that
// lists the table (? or F1).
#pragma once
#include "app/commands/commands.h"
#include "app/commands/shortcut_table.h"

// Once per frame, after ImGui::NewFrame and before the windows are drawn: each key pressed runs its
// row's command. None fires while a text field takes typing.
void handle_shortcuts(Commands& commands);
// The overlay, while nav.help_open.
void draw_help_overlay(const Navigation& nav, Commands& commands);
