# Turns shaders/*.glsl into one C++ header of string constants, so the page ships its GLSL inside
# the WebAssembly (no extra downloads). `a.frag.glsl` becomes `glsl::a_frag`.
# Usage: cmake -DOUTPUT=<header> -DSOURCES="<a.glsl>;<b.glsl>" -P embed_shaders.cmake
set(text "// Generated from shaders/*.glsl by shaders/embed_shaders.cmake; do not edit.\n#pragma once\n\nnamespace glsl {\n")
foreach(source IN LISTS SOURCES)
  get_filename_component(name "${source}" NAME)
  string(REGEX REPLACE "\\.glsl$" "" name "${name}")
  string(MAKE_C_IDENTIFIER "${name}" name)
  file(READ "${source}" body)
  if(body MATCHES "\\)glsl\"")
    message(FATAL_ERROR "${source} contains the raw-string terminator )glsl\"")
  endif()
  string(APPEND text "\ninline constexpr const char* ${name} = R\"glsl(${body})glsl\";\n")
endforeach()
string(APPEND text "\n}  // namespace glsl\n")
# Rewritten only when different, so unchanged shaders do not trigger recompiles.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
endif()
if(NOT "${old}" STREQUAL "${text}")
  file(WRITE "${OUTPUT}" "${text}")
endif()
