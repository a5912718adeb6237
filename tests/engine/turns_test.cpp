// TurnTaking, the two runs' batch-by-batch sharing: a run waiting for its turn answers a stop or a
// pause request at once (the other run may hold the turn, paused mid-validation), and gets the turn
// when it comes.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "engine/turns.h"

using namespace dl;

TEST_CASE("a run waiting for its turn returns on pause or stop, and takes the turn once it is its own") {
  using namespace std::chrono_literals;
  TurnTaking turns(2);
  const std::atomic<bool> no{false};
  std::atomic<bool> stop{false}, pause{false};
  REQUIRE(turns.begin_turn(0, no, no));  // run 0 holds the turn, as a run paused mid-validation does
  std::atomic<int> answer{-1};
  std::thread waiting([&] { answer = turns.begin_turn(1, stop, pause) ? 1 : 0; });
  std::this_thread::sleep_for(50ms);
  CHECK(answer == -1);  // not its turn: still waiting
  pause = true;
  waiting.join();
  CHECK(answer == 0);
  CHECK(turns.turns_taken(1) == 0);

  pause = false;
  turns.end_turn(0);
  CHECK(turns.begin_turn(1, stop, pause));  // its turn now
  CHECK(turns.turns_taken(1) == 1);
  CHECK(turns.begin_turn(1, stop, pause));  // again within the turn: at once, not another turn
  CHECK(turns.turns_taken(1) == 1);

  turns.end_turn(1);
  answer = -1;
  std::thread stopped([&] { answer = turns.begin_turn(1, stop, pause) ? 1 : 0; });
  stop = true;
  stopped.join();
  CHECK(answer == 0);

  stop = false;
  turns.leave(0);  // run 0 ended: run 1 waits for nobody
  CHECK(turns.begin_turn(1, stop, pause));
}
