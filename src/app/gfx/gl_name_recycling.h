// Vertex array names handed out again instead of new ones, for Dear ImGui's OpenGL3 backend (see
// gl_name_recycling.cpp for why; src/app/CMakeLists.txt renames the backend's two calls to these).
#pragma once
#include <GLES3/gl3.h>

extern "C" {
void digitlab_recycled_gen_vertex_arrays(GLsizei count, GLuint* arrays);
void digitlab_recycled_delete_vertex_arrays(GLsizei count, const GLuint* arrays);
}

// After a lost WebGL context: the kept names died with it (and Emscripten forgot them).
void forget_recycled_vertex_arrays();