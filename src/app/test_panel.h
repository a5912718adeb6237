// The Test panel's UI state (see test_panel.cpp).
#pragma once
#include <algorithm>
#include <thread>

#include "app/app.h"

struct TestPanelState {};
