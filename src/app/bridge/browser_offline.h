// The bridge without a browser (tests/app, natively and under node): every call of browser.h is recorded
// here instead of crossing into JavaScript, and what the page would hand over (dataset files,
// picked files, a link, preferences) is queued by the test. Tests only, never the page.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/bridge/browser.h"

namespace browser::offline {

struct Announcement {
  std::string text;
  bool alert = false;
};

struct Page {
  // What the app did.
  std::vector<std::string> requested_datasets;
  std::vector<std::string> replaced_links;
  int link_copies = 0;
  std::vector<std::string> opened_pages;
  std::vector<std::string> copied_texts;
  std::vector<std::pair<std::string, std::vector<uint8_t>>> downloads;
  int pickers_opened = 0;
  std::vector<Announcement> announcements;  // what the live regions were given
  std::map<std::string, std::string> preferences;
  // What the page hands over next.
  std::vector<ReceivedFile> dataset_files, model_files;
  std::optional<std::string> link;
  bool framed = false;
  bool prefers_light = false;
};

Page& page();
void reset();  // a fresh page

}  // namespace browser::offline
