#include "app/access/live_region.h"

#include <utility>

#include "app/bridge/browser.h"

void LiveRegion::say(std::string text, bool alert, bool routine) {
  if (text.empty()) return;
  Utterance& u = alert ? alert_ : polite_;
  if (!u.text.empty()) u.text += ' ';
  u.text += std::move(text);
  u.routine = u.routine && routine;
}

void LiveRegion::flush(double now) {
  for (Utterance* u : {&alert_, &polite_}) {
    if (u->text.empty()) continue;
    browser::announce(u->text, u == &alert_);
    if (!u->routine) quiet_until_ = now + kQuietAfterReply;
    last_ = std::move(u->text);
    *u = Utterance{};
  }
}
