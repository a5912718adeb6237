// Dear ImGui as digitlab compiles it (src/app/CMakeLists.txt) wraps text at blanks only, so a number
// in a lesson's text never splits at its decimal point on a narrow screen.
#include <doctest/doctest.h>

#include <cfloat>
#include <cstring>
#include <string>

#include "imgui.h"
#include "imgui_internal.h"

// The test-engine hooks that the app implements (access/focus_ring.cpp); nothing listens here.
void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, ImGuiID, const ImRect&, const ImGuiLastItemData*) {}
void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID, const char*, ImGuiItemStatusFlags) {}
void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }

namespace {

struct DefaultFont {
  ImGuiContext* context = ImGui::CreateContext();
  ImFont* font = ImGui::GetIO().Fonts->AddFontDefault();
  DefaultFont() {
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&pixels, &width, &height);  // builds the glyph advances
  }
  ~DefaultFont() { ImGui::DestroyContext(context); }

  float width_of(const char* text) const { return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text).x; }
  // The first line of `text` wrapped `width` pixels wide, as TextWrapped() draws it.
  std::string first_line(const char* text, float width) const {
    return std::string(text, font->CalcWordWrapPositionA(1.0f, text, text + std::strlen(text), width));
  }
};

}  // namespace

TEST_CASE("text wraps at blanks, never inside a number") {
  const DefaultFont f;
  // The line ends just after "1.6": stock Dear ImGui breaks after the point, "w = 1." / "658 ...".
  CHECK(f.first_line("w = 1.658 after one step", f.width_of("w = 1.6")) == "w =");
  CHECK(f.first_line("loss 0.0411, val_acc 0.9871", f.width_of("loss 0.0411, val_acc 0.98")) == "loss 0.0411, val_acc");
  CHECK(f.first_line("p = [0.1,0.7,0.2] sums to 1", f.width_of("p = [0.1,0.7")) == "p =");
  // A sentence still breaks at the blank after its full stop.
  CHECK(f.first_line("One step. Then the next", f.width_of("One step. Th")) == "One step.");
  // A word longer than the whole line is still cut, so it cannot run past the column.
  const std::string cut = f.first_line("0.123456789012345", f.width_of("0.12345"));
  CHECK(!cut.empty());
  CHECK(cut.size() < std::strlen("0.123456789012345"));
}
