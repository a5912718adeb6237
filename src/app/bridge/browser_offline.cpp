// browser.h for the tests (natively and under node): records instead of calling JavaScript (see
// browser_offline.h). Never linked into the page (src/app/CMakeLists.txt leaves it out).
#include "app/bridge/browser_offline.h"

#include <utility>

namespace browser {

namespace offline {
Page& page() {
  static Page the_page;
  return the_page;
}
void reset() { page() = Page{}; }
}  // namespace offline

using offline::page;

std::vector<ReceivedFile> take_dataset_files() { return std::exchange(page().dataset_files, {}); }
void request_dataset(const std::string& slug) { page().requested_datasets.push_back(slug); }
std::vector<ReceivedFile> take_model_files() { return std::exchange(page().model_files, {}); }
std::optional<std::string> take_link() { return std::exchange(page().link, std::nullopt); }
void replace_link(const std::string& hash) { page().replaced_links.push_back(hash); }
void copy_link_to_clipboard() { ++page().link_copies; }
bool in_frame() { return page().framed; }
void open_page(const std::string& hash) { page().opened_pages.push_back(hash); }
std::string page_address() { return "https://digitlab.test/"; }
void copy_text(const std::string& text) { page().copied_texts.push_back(text); }
void offer_download(const std::string& file_name, const std::vector<uint8_t>& bytes) {
  page().downloads.emplace_back(file_name, bytes);
}
void set_picker_button(PickerButton, float, float, float, float, float, float, bool) {}
void publish_picker_buttons() {}
void open_picker() { ++page().pickers_opened; }
void publish_access(const std::string&) {}
void announce(const std::string& text, bool alert) { page().announcements.push_back({text, alert}); }
std::vector<std::string> take_commands() { return {}; }
void publish_ring(const std::string&) {}
std::vector<FocusRequest> take_focus_requests() { return {}; }
std::optional<std::string> load_preference(const char* key) {
  const auto found = page().preferences.find(key);
  if (found == page().preferences.end()) return std::nullopt;
  return found->second;
}
void save_preference(const char* key, const std::string& value) { page().preferences[key] = value; }
bool coarse_pointer() { return false; }
bool prefers_light() { return page().prefers_light; }
bool gl_context_lost() { return false; }
void forget_lost_gl_objects() {}
void show_graphics_lost(bool, bool) {}
void install(Api) {}

}  // namespace browser
