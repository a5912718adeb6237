// Grayscale, as the workshop shows digits (matplotlib's cmap='gray'): low values black, high white.
vec3 colormap(float t) {
  return vec3(t);
}
