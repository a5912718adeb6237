// Fuzz target for deep links (the page's URL fragment, "#conv/step=17"): any text through
// dl::lessons::parse_deep_link. Thin on purpose: point parse() at the parser wherever it lives.
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "lessons/registry.h"

namespace {

std::optional<dl::lessons::DeepLink> parse(std::string_view link) { return dl::lessons::parse_deep_link(link); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view link(reinterpret_cast<const char*>(data), size);
  const std::optional<dl::lessons::DeepLink> parsed = parse(link);
  if (!parsed) return 0;
  // A known lesson, a step that is a valid index if there is one, and a link that says the same again.
  const dl::lessons::LessonInfo& info = dl::lessons::lesson_info(parsed->lesson);
  FUZZ_CHECK(info.id == parsed->lesson && info.slug != nullptr, "unknown lesson");
  FUZZ_CHECK(!parsed->step || *parsed->step >= 0, "negative step %d", *parsed->step);
  const std::string again = dl::lessons::make_deep_link(parsed->lesson, parsed->step.value_or(0));
  const std::optional<dl::lessons::DeepLink> reparsed = parse(again);
  FUZZ_CHECK(reparsed && reparsed->lesson == parsed->lesson && reparsed->step == parsed->step.value_or(0),
             "'%s' does not read back", again.c_str());
  // The same link inside a whole URL opens the same lesson.
  const std::optional<dl::lessons::DeepLink> in_url = parse("http://127.0.0.1:8000/" + again);
  FUZZ_CHECK(in_url && in_url->lesson == parsed->lesson && in_url->step == reparsed->step, "URL form differs");
  return 0;
}
