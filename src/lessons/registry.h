// The lessons in the workshop's order, with their titles and deep-link ids, and the parser for
// deep links such as "#conv/step=17" that the page reads from its URL fragment.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace dl::lessons {

// In the order the workshop teaches them.
enum class LessonId { matmul, images, perceptron, dense, crossentropy, descent, conv, relu, pool, dropout, inside };

struct LessonInfo {
  LessonId id;
  const char* slug;              // deep-link id, e.g. "conv"
  const char* title;             // shown in the lesson list
  const char* workshop_section;  // the workshop heading the lesson follows
};

std::span<const LessonInfo> all_lessons();  // workshop order
const LessonInfo& lesson_info(LessonId id);
std::optional<LessonId> lesson_from_slug(std::string_view slug);  // ASCII case-insensitive

struct DeepLink {
  LessonId lesson = LessonId::matmul;
  std::optional<int> step;  // empty when the link names no step or a malformed one
};

// Accepts "#conv/step=17", "conv/step=17", "#/conv?step=17", a whole URL ending in such a
// fragment, and upper case. An unknown lesson gives nullopt; a malformed step (negative,
// non-numeric, too large) is ignored rather than guessed at. Other parameters are skipped.
std::optional<DeepLink> parse_deep_link(std::string_view link);
std::string make_deep_link(LessonId lesson, int step);  // "#conv/step=17"

}  // namespace dl::lessons
