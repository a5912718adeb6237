// Embed links: parsed into a view and the full page's link, made back, and the <iframe> snippet.
#include <doctest/doctest.h>

#include "app/state/embed_link.h"

TEST_CASE("embed links name one view or one lesson and the full page's link for it") {
  auto lesson = parse_embed_link("#embed/lesson/conv?step=40");
  REQUIRE(lesson);
  CHECK(lesson->view == "lessons");
  CHECK(lesson->page_link == "#conv/step=40");
  CHECK(parse_embed_link("#embed/lesson/conv/step=7")->page_link == "#conv/step=7");
  REQUIRE(parse_embed_link("#embed/lesson/pool"));
  CHECK(parse_embed_link("#embed/lesson/pool")->page_link == "#pool/step=0");
  CHECK(parse_embed_link("#embed/draw")->view == "draw");
  CHECK(parse_embed_link("#embed/test")->page_link == "#test");
  auto train = parse_embed_link("#embed/train?model=cnn&epochs=1");
  REQUIRE(train);
  CHECK(train->view == "train");
  CHECK(train->page_link == "#train?model=cnn&epochs=1");
  CHECK(!parse_embed_link("#conv/step=40"));           // the full page's own link
  CHECK(!parse_embed_link("#embed/"));
  CHECK(!parse_embed_link("#embed/lesson/nosuch?step=1"));
  CHECK(!parse_embed_link("#embed/draw/extra"));
}

TEST_CASE("made embed links parse back to the same view and page link") {
  for (const char* page : {"#conv/step=40", "#train?model=cnn", "#draw", "#test", "#matmul/step=0"}) {
    const std::string embed = make_embed_link(page);
    const auto parsed = parse_embed_link(embed);
    REQUIRE_MESSAGE(parsed, embed);
    CHECK_MESSAGE(parsed->page_link == page, embed);
  }
  CHECK(make_embed_link("#conv/step=40") == "#embed/lesson/conv?step=40");
}

TEST_CASE("the embed code is one iframe with the page's address, a size and an escaped title") {
  const std::string code = embed_code("https://example.org/digitlab/", *parse_embed_link("#embed/lesson/conv?step=3"),
                                      "digitlab: \"Convolution\" & co");
  CHECK(code.find("<iframe src=\"https://example.org/digitlab/#embed/lesson/conv?step=3\"") == 0);
  CHECK(code.find("title=\"digitlab: &quot;Convolution&quot; &amp; co\"") != std::string::npos);
  CHECK(code.find("width=\"800\" height=\"640\"") != std::string::npos);
  CHECK(code.rfind("</iframe>") == code.size() - 9);
}
