// The Lessons tab: a table of contents in the workshop's order and one view per lesson.
#include <imgui.h>

#include "app/app.h"

void draw_lessons_panel(App&) { ImGui::TextWrapped("The lessons are coming next."); }
