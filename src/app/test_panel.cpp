// The Test panel: classify_single_image on dataset images, a gallery of test predictions with
// mistakes marked, and the confusion matrix after each epoch.
#include <imgui.h>

#include "app/test_panel.h"


std::unique_ptr<TestPanelState> make_test_panel_state() { return std::make_unique<TestPanelState>(); }

void write_test_panel_status(const TestPanelState&, automation::JsonWriter&) {}

void draw_test_panel(App&, TestPanelState&) {}
