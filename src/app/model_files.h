// Model files's UI state (see model_files.cpp).
#pragma once
#include <algorithm>
#include <thread>

#include "app/app.h"

struct ModelFilesState {};
