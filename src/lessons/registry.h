// The lesson table: one row per lesson in the workshop's order (id, deep-link slug, titles, its
// explanation, how to make its step model), and the parser for deep links such as "#conv/step=17"
// that the page reads from its URL fragment. The page's views sit in a table of their own, tied
// to this one by LessonId (src/app/views/lessons/lessons_panel.cpp).
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace dl {
struct Dataset;
}

namespace dl::lessons {

class StepModel;

// In the order the workshop teaches them; `count` is not a lesson, it counts them.
enum class LessonId { matmul, images, perceptron, dense, crossentropy, descent, conv, relu, pool, dropout, inside, count };
inline constexpr size_t kLessonCount = static_cast<size_t>(LessonId::count);

// What a lesson may need before its model can exist.
struct LessonInputs {
  const Dataset* train = nullptr;  // the training images (nullptr while they load)
};

struct LessonInfo {
  LessonId id;
  const char* slug;              // deep-link id, e.g. "conv"
  const char* title;             // the lesson's heading
  const char* short_title;       // fits the narrow lesson list
  const char* workshop_section;  // the workshop heading the lesson follows
  const char* explanation;       // one short paragraph, shown beside the picture
  bool needs_training_set;       // its model is made from the training images (remade when they change)
  // A fresh model, or nullptr while its inputs are missing.
  std::unique_ptr<StepModel> (*make_model)(const LessonInputs& inputs);
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
