#version 300 es
// Paints a grid of floats in colour: one fragment per value (the target texture has the grid's
// size), value -> t in [0, 1] between u_lo and u_hi -> colormap(t). The colormap function comes
// from one of the colormap_*.glsl files, compiled after this one into the same shader.
precision highp float;

uniform highp sampler2D u_values;  // R32F, one texel per value; read with texelFetch (no filtering)
uniform float u_lo;                // the value shown as the colormap's first colour
uniform float u_hi;                // the value shown as its last colour

out vec4 out_color;

vec3 colormap(float t);  // t in [0, 1]

void main() {
  float value = texelFetch(u_values, ivec2(gl_FragCoord.xy), 0).r;
  if (isnan(value)) {  // a bug upstream should be visible, not silently black
    out_color = vec4(1.0, 0.0, 1.0, 1.0);
    return;
  }
  // max(): a constant grid (lo == hi) maps to the colormap's first colour instead of NaN.
  float t = clamp((value - u_lo) / max(u_hi - u_lo, 1e-30), 0.0, 1.0);
  out_color = vec4(colormap(t), 1.0);
}
