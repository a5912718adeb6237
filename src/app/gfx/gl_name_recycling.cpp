// Dear ImGui's OpenGL3 backend makes a vertex array object for every frame it renders and deletes
// it at the end of the frame. Emscripten's GL layer never reuses a GL name, and each new name
// grows its name tables (GL.vaos and the rest) by a slot for good: the JS heap grew with every
// frame drawn, about 4 bytes each, unbounded in a long session (found by tools/soak.mjs). The
// backend calls these instead, which keep a deleted vertex array and hand it out again; the
// backend sets up every binding and attribute of it each frame, so a reused one starts clean.
#include "app/gfx/gl_name_recycling.h"

#include <vector>

namespace {

std::vector<GLuint>& spare_vertex_arrays() {
  static std::vector<GLuint> spare;  // browser main thread only, like GL itself
  return spare;
}

}  // namespace

extern "C" void digitlab_recycled_gen_vertex_arrays(GLsizei count, GLuint* arrays) {
  std::vector<GLuint>& spare = spare_vertex_arrays();
  for (GLsizei i = 0; i < count; ++i) {
    if (spare.empty()) {
      glGenVertexArrays(1, &arrays[i]);
    } else {
      arrays[i] = spare.back();
      spare.pop_back();
    }
  }
}

extern "C" void digitlab_recycled_delete_vertex_arrays(GLsizei count, const GLuint* arrays) {
  // Deleting a bound vertex array unbinds it; a kept one is unbound the same way.
  GLint bound = 0;
  glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &bound);
  for (GLsizei i = 0; i < count; ++i) {
    if (arrays[i] == 0) continue;
    if (static_cast<GLuint>(bound) == arrays[i]) glBindVertexArray(0);
    spare_vertex_arrays().push_back(arrays[i]);
  }
}

void forget_recycled_vertex_arrays() { spare_vertex_arrays().clear(); }
