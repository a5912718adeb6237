// The Draw panel's UI state (see draw_panel.cpp).
#pragma once
#include <algorithm>
#include <thread>

#include "app/app.h"

struct DrawPanelState {};
