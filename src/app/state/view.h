// The views of the page (tabs of the workbench; on narrow screens, one at a time).
#pragma once

enum class View { train, draw, test, lessons };
inline constexpr View kViews[] = {View::train, View::draw, View::test, View::lessons};
const char* view_name(View view);  // "train", "draw", ... (session.cpp)
