// Start here: the workshop's path. Each stop opens its view (and lesson); the session checks the
// stop's checkpoint every frame (state/path.h).
#include <algorithm>
#include <string>

#include "app/commands/commands.h"

void Commands::open_path(std::optional<int> stop) {
  PathProgress& p = session_.path;
  p.open = true;
  p.current = std::clamp(stop.value_or(p.current), 0, kPathStopCount - 1);
  // What is done at this stop counts from now on (the checkpoints that are deeds, not states).
  p.mistakes_taught_at_arrival = p.mistakes_taught;
  browser::save_preference("pathStop", std::to_string(p.current));
  const PathStop& s = path_stops()[size_t(p.current)];
  if (s.lesson) open_lesson(*s.lesson);
  open_view(s.view);
}

void Commands::path_next() {
  if (session_.path.current + 1 < kPathStopCount) open_path(session_.path.current + 1);
}

void Commands::path_back() {
  if (session_.path.current > 0) open_path(session_.path.current - 1);
}

void Commands::close_path() { session_.path.open = false; }
