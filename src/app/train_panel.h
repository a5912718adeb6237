// The Train panel's UI state (see train_panel.cpp).
#pragma once
#include <algorithm>
#include <thread>

#include "app/app.h"

struct TrainPanelState {
  int model = 0;  // 0 MLP, 1 CNN
  int optimizer = 2;
  float learning_rate = 0.001f;
  int batch_size = 64;
  int epochs = 5;
  int threads = std::max(1, std::min(16, static_cast<int>(std::thread::hardware_concurrency())));
};
