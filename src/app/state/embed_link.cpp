// Embed links (see embed_link.h).
#include "app/state/embed_link.h"

#include <initializer_list>

#include "lessons/registry.h"

namespace {
constexpr std::string_view kPrefix = "#embed/";

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// The pieces joined (one buffer, appended: GCC 12 misreads `"#" + std::string(...)` chains).
std::string join(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out.append(p);
  return out;
}
}  // namespace

std::optional<EmbedLink> parse_embed_link(std::string_view hash) {
  if (!starts_with(hash, kPrefix)) return std::nullopt;
  const std::string_view rest = hash.substr(kPrefix.size());
  const std::string_view name = rest.substr(0, rest.find_first_of("?/"));
  const std::string_view tail = rest.substr(name.size());
  if (name == "train") return EmbedLink{"train", join({"#train", tail})};
  if ((name == "draw" || name == "test") && tail.empty()) return EmbedLink{std::string(name), join({"#", name})};
  // "lesson/conv?step=40" (and "lesson/conv/step=40", the full page's own form after "lesson/").
  if (name != "lesson" || tail.size() < 2 || tail[0] != '/') return std::nullopt;
  std::string lesson(tail.substr(1));
  if (const size_t query = lesson.find('?'); query != std::string::npos) lesson[query] = '/';
  const std::optional<dl::lessons::DeepLink> parsed = dl::lessons::parse_deep_link(join({"#", lesson}));
  if (!parsed) return std::nullopt;
  return EmbedLink{"lessons", dl::lessons::make_deep_link(parsed->lesson, parsed->step.value_or(0))};
}

std::string make_embed_link(std::string_view page_link) {
  std::string_view link = page_link.substr(page_link.empty() || page_link[0] != '#' ? 0 : 1);
  if (starts_with(link, "train") || link == "draw" || link == "test") return join({kPrefix, link});
  const std::optional<dl::lessons::DeepLink> parsed = dl::lessons::parse_deep_link(join({"#", link}));
  if (!parsed) return join({kPrefix, "draw"});
  const std::string deep = dl::lessons::make_deep_link(parsed->lesson, parsed->step.value_or(0));  // "#conv/step=4"
  const std::string_view d = deep;
  const size_t slash = d.find('/');
  return join({kPrefix, "lesson/", d.substr(1, slash - 1), "?", d.substr(slash + 1)});
}

std::string embed_code(std::string_view page_address, const EmbedLink& link, std::string_view title) {
  // Sizes that show the view whole in a course page's column: the lessons and the training panel
  // are tall, the drawing canvas and its bars wide.
  const bool tall = link.view == "lessons" || link.view == "train";
  const std::string width = tall ? "800" : "900", height = tall ? "640" : "520";
  std::string escaped;
  for (char c : title) escaped += c == '"' ? std::string("&quot;") : c == '&' ? std::string("&amp;") : std::string(1, c);
  return join({"<iframe src=\"", page_address, make_embed_link(link.page_link), "\" width=\"", width, "\" height=\"",
               height, "\" title=\"", escaped, "\" style=\"border:0\" loading=\"lazy\"></iframe>"});
}
