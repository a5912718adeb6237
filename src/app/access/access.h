// The accessible layer: what a screen reader (or a keyboard in the page) finds beside the canvas.
// Each frame it describes the main controls and what the canvas shows (names, states, values,
// the lesson's step in words, the confusion matrix as a table) as one JSON document; the page
// (web/access.js) keeps real, visually hidden DOM elements in step with it, and their actions
// come back as the same named commands the widgets run (Commands::run). It crosses into JS only
// when the document changed. It also paces what a live region announces.
#pragma once
#include <cstdint>
#include <string>

#include "app/access/live_region.h"

class Commands;
struct Session;

class AccessLayer {
 public:
  // Once per frame, after the windows: publishes the description when it changed, runs the
  // commands the page's controls sent, and announces what a listener should hear now.
  void update(const Session& session, Commands& commands, double now_seconds);

  int64_t published() const { return published_; }  // how many times the DOM was updated
  int64_t rings_published() const { return rings_published_; }  // how many times the DOM focus was told
  const std::string& ring_json() const { return ring_; }
  const std::string& last_announcement() const { return live_.last(); }

 private:
  void announce(const Session& session, double now);

  void follow_ring();

  std::string document_;  // the description last published
  int64_t published_ = 0;
  std::string ring_ = R"({"shown":false})";  // the focus ring last published (JSON)
  int64_t rings_published_ = 0;

  // The live region's pace: progress at most every kProgressEvery seconds, each epoch's end and
  // each message always, a new prediction once it has held still for a moment (a new input's first
  // reading at the latest after kPredictionPatience, even while training keeps changing it); progress
  // and epochs wait a few seconds after what the student caused.
  double last_progress_at_ = -1e9;
  int announced_epochs_ = 0;
  std::string announced_notice_;
  std::string pending_prediction_;
  double prediction_since_ = 0;
  std::string announced_prediction_;
  int64_t pending_input_ = -1;  // the drawing's input_version on screen, -1 for none
  double input_since_ = 0;
  int64_t announced_input_ = -1;  // the input whose reading was last said
  std::string announced_step_;
  std::string announced_question_, announced_feedback_;  // Predict first
  LiveRegion live_;
};
