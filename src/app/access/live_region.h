// The pace of the page's two live regions (polite and alert): what a screen reader hears.
// A region given two texts in one frame keeps only the second (web/access.js), so a frame's texts are
// joined. What the student caused (a lesson step, a reading, a question, a message) opens a quiet
// spell that routine progress waits out: the next frame's progress line would otherwise replace it
// before a screen reader had read it.
#pragma once
#include <string>

class LiveRegion {
 public:
  static constexpr double kQuietAfterReply = 4.0;  // seconds routine progress waits after a reply

  // Queues a text for this frame. `routine`: progress a listener can miss, for it comes again.
  void say(std::string text, bool alert, bool routine);
  // Whether routine progress may be said now (no quiet spell).
  bool may_report(double now) const { return now >= quiet_until_; }
  // Once per frame: hands each region its joined text (browser::announce).
  void flush(double now);

  const std::string& last() const { return last_; }

 private:
  struct Utterance {
    std::string text;
    bool routine = true;
  };
  Utterance polite_, alert_;
  double quiet_until_ = -1e9;
  std::string last_;
};
