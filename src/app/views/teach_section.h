// "Teach it my handwriting", in the Draw panel: label the drawing into the student's own set,
// fine-tune the live model on it, and see the set's and MNIST's accuracy before and after.
#pragma once
#include "app/commands/commands.h"
#include "app/state/session.h"

struct TeachContext {
  const Session& session;
  bool drawing_empty;
  Commands& commands;
};

void draw_teach_section(const TeachContext& ctx, float width);
