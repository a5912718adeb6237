// The live regions' pace (app/access/live_region.h): one text per region and frame, and routine
// progress waiting out what the student caused.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "app/access/live_region.h"
#include "app/bridge/browser_offline.h"

namespace {
const std::vector<browser::offline::Announcement>& heard() { return browser::offline::page().announcements; }
}  // namespace

TEST_CASE("a frame's texts reach each live region joined, once") {
  browser::offline::reset();
  LiveRegion live;
  live.say("Step 3: 1*7 + 2*9 = 25.", false, false);
  live.say("Predict: what is the next sum?", false, false);
  live.say("The model file is damaged.", true, false);
  CHECK(heard().empty());  // nothing before the frame ends
  live.flush(10.0);
  REQUIRE(heard().size() == 2);
  CHECK(heard()[0].text == "The model file is damaged.");
  CHECK(heard()[0].alert);
  CHECK(heard()[1].text == "Step 3: 1*7 + 2*9 = 25. Predict: what is the next sum?");
  CHECK_FALSE(heard()[1].alert);
  CHECK(live.last() == "Step 3: 1*7 + 2*9 = 25. Predict: what is the next sum?");
  live.flush(10.1);  // a frame with nothing to say says nothing
  CHECK(heard().size() == 2);
}

TEST_CASE("routine progress waits out a quiet spell after what the student caused") {
  browser::offline::reset();
  LiveRegion live;
  CHECK(live.may_report(0.0));
  live.say("Training epoch 1 of 5: 10% done.", false, true);
  live.flush(0.0);
  CHECK(live.may_report(0.1));  // progress itself opens no quiet spell

  live.say("Step 2: 1*7 = 7.", false, false);
  live.flush(1.0);
  CHECK_FALSE(live.may_report(1.0 + 0.016));
  CHECK_FALSE(live.may_report(1.0 + LiveRegion::kQuietAfterReply - 0.01));
  CHECK(live.may_report(1.0 + LiveRegion::kQuietAfterReply));

  // A routine text joined to a reply is part of the reply: the spell opens.
  live.say("Epoch 1 of 5 done.", false, true);
  live.say("Looks like a 3, 97%.", false, false);
  live.flush(20.0);
  CHECK_FALSE(live.may_report(21.0));
  CHECK(heard().back().text == "Epoch 1 of 5 done. Looks like a 3, 97%.");
}

TEST_CASE("an empty text is not said") {
  browser::offline::reset();
  LiveRegion live;
  live.say("", false, false);
  live.flush(1.0);
  CHECK(heard().empty());
  CHECK(live.may_report(1.0));
}
