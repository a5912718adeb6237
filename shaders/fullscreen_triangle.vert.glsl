#version 300 es
// One triangle that covers the whole viewport, from gl_VertexID alone: no vertex buffers, so
// drawing it cannot disturb (or depend on) the buffers Dear ImGui's renderer has bound.
void main() {
  // Vertices 0, 1, 2 -> (-1,-1), (3,-1), (-1,3): the viewport square is inside this triangle.
  vec2 corner = vec2(float((gl_VertexID & 1) << 2), float((gl_VertexID & 2) << 1)) - 1.0;
  gl_Position = vec4(corner, 0.0, 1.0);
}
