// Diverging colormap for signed values such as weights: blue for negative, near-white for the
// middle (zero, when lo = -hi), red for positive. ColorBrewer's RdBu, seven colours, linearly
// interpolated.
vec3 colormap(float t) {
  const vec3 stops[7] = vec3[7](vec3(0.129, 0.400, 0.675),   // #2166ac
                                vec3(0.404, 0.663, 0.812),   // #67a9cf
                                vec3(0.820, 0.898, 0.941),   // #d1e5f0
                                vec3(0.969, 0.969, 0.969),   // #f7f7f7
                                vec3(0.992, 0.859, 0.780),   // #fddbc7
                                vec3(0.937, 0.541, 0.384),   // #ef8a62
                                vec3(0.698, 0.094, 0.169));  // #b2182b
  float x = t * 6.0;
  int i = min(int(x), 5);
  return mix(stops[i], stops[i + 1], x - float(i));
}
