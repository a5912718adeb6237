// ui::SteadyScrollbar (app/gfx/widgets/steady_scrollbar.h): a child whose content is taller when it
// is wider flips its scrollbar on and off every frame in plain Dear ImGui; with the latch its width
// holds once the scrollbar has shown, until the child's width or content changes.
#include <doctest/doctest.h>

#include <vector>

#include "app/gfx/widgets/steady_scrollbar.h"
#include "imgui.h"

namespace {

struct HeadlessImGui {
  ImGuiContext* context = ImGui::CreateContext();
  HeadlessImGui() {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(800, 600);
    io.DeltaTime = 1.0f / 60;
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
  }
  ~HeadlessImGui() { ImGui::DestroyContext(context); }
};

// One frame: a 400 x 300 window whose child holds content 1000 px tall when the child is at least
// `tall_from` wide and 100 px otherwise. Returns the width the child's content had.
float frame(ui::SteadyScrollbar* latch, float tall_from, float window_width = 400, int content = 0) {
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(window_width, 300));
  ImGui::Begin("view", nullptr, ImGuiWindowFlags_NoDecoration);
  const float child_width = ImGui::GetContentRegionAvail().x;
  ImGui::BeginChild("scrolling", ImVec2(0, 0), ImGuiChildFlags_None, latch ? latch->flags(child_width, content) : 0);
  const float width = ImGui::GetContentRegionAvail().x;
  ImGui::Dummy(ImVec2(10, width >= tall_from ? 1000.0f : 100.0f));
  if (latch) latch->note_scroll_range();
  ImGui::EndChild();
  ImGui::End();
  ImGui::Render();
  return width;
}

}  // namespace

TEST_CASE("a scrollbar that would flicker stays once shown, until the width or the content changes") {
  HeadlessImGui imgui;
  const float wide = frame(nullptr, 0);  // no scrollbar yet: the child's full width
  const float tall_from = wide - 1;      // taller only without the scrollbar

  SUBCASE("plain Dear ImGui flips it every frame (the failure the latch prevents)") {
    std::vector<float> widths;
    for (int i = 0; i < 6; i++) widths.push_back(frame(nullptr, tall_from));
    int flips = 0;
    for (size_t i = 1; i < widths.size(); i++) flips += widths[i] != widths[i - 1];
    CHECK(flips >= 4);
  }
  SUBCASE("with the latch the width holds, narrower by the scrollbar") {
    ui::SteadyScrollbar latch;
    std::vector<float> widths;
    for (int i = 0; i < 8; i++) widths.push_back(frame(&latch, tall_from));
    CHECK(latch.kept());
    for (size_t i = 3; i < widths.size(); i++) CHECK(widths[i] == widths[2]);
    CHECK(widths.back() < wide);

    // Other content: the scrollbar goes while that content fits.
    for (int i = 0; i < 3; i++) frame(&latch, 1e9f, 400, 1);
    CHECK(!latch.kept());
    CHECK(frame(&latch, 1e9f, 400, 1) == wide);
    // A new width: the same.
    for (int i = 0; i < 3; i++) frame(&latch, 1e9f, 500, 1);
    CHECK(!latch.kept());
  }
}
