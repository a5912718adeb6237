// Embed links: one view or one lesson alone, laid out for a frame in another page (a course page),
// e.g. "#embed/lesson/conv?step=40", "#embed/draw", "#embed/train?model=cnn". Parsing gives the view
// and the full page's link for the same thing ("#conv/step=40"), which the page then opens as usual;
// making goes the other way, and writes the <iframe> snippet a teacher pastes. No app state here:
// tested natively.
#pragma once
#include <optional>
#include <string>
#include <string_view>

struct EmbedLink {
  std::string view;       // "train", "draw", "test" or "lessons"
  std::string page_link;  // the full page's link for it: "#train?model=cnn", "#draw", "#conv/step=40"
};

// nullopt unless `hash` starts with "#embed/" and names a view or a lesson (a bad step is dropped,
// as the full page's lesson links do).
std::optional<EmbedLink> parse_embed_link(std::string_view hash);
// The embed link for a full page's link ("#conv/step=40" -> "#embed/lesson/conv?step=40").
std::string make_embed_link(std::string_view page_link);
// The frame a teacher pastes: the page's address (no hash) with the embed link, a size that suits
// the view, a title for screen readers.
std::string embed_code(std::string_view page_address, const EmbedLink& link, std::string_view title);
