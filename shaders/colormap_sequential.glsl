// Sequential colormap for magnitudes such as activations: viridis (dark blue-violet for low,
// through teal and green, to yellow for high). Perceptually uniform, readable in grayscale and by
// most colour-blind viewers. Five of its published colours, linearly interpolated.
vec3 colormap(float t) {
  const vec3 stops[5] = vec3[5](vec3(0.267, 0.005, 0.329),   // #440154
                                vec3(0.229, 0.322, 0.545),   // #3b528b
                                vec3(0.128, 0.567, 0.551),   // #21918c
                                vec3(0.369, 0.789, 0.383),   // #5ec962
                                vec3(0.993, 0.906, 0.144));  // #fde725
  float x = t * 4.0;
  int i = min(int(x), 3);
  return mix(stops[i], stops[i + 1], x - float(i));
}
