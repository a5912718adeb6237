// JsonWriter: compact, shortest round-trip floats, null for non-finite, escaped strings.
#include "lessons/json_writer.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <limits>

using namespace dl::lessons;

TEST_CASE("format_float: shortest text that reads back to the same float") {
  CHECK(format_float(28.0f) == "28");
  CHECK(format_float(1.5f) == "1.5");
  CHECK(format_float(0.0f) == "0");
  CHECK(format_float(-2.0f) == "-2");
  CHECK(format_float(-0.0f) == "0");
  CHECK(format_float(0.1f) == "0.1");
  CHECK(format_float(20.0f) == "20");
  CHECK(format_float(154.0f) == "154");
  CHECK(format_float(60000.0f) == "60000");
  CHECK(format_float(1e-7f) == "1e-07");
  CHECK(format_float(std::numeric_limits<float>::quiet_NaN()) == "null");
  CHECK(format_float(std::numeric_limits<float>::infinity()) == "null");
  for (float v : {0.04692926f, 0.6931472f, 1e-7f, 3.4e38f, 123456.78f, -0.01047133f}) {
    const std::string text = format_float(v);
    CHECK(std::strtof(text.c_str(), nullptr) == v);
    CHECK(text.size() <= 15);
  }
}

TEST_CASE("JsonWriter: objects, arrays, nesting and escapes") {
  JsonWriter json;
  const float values[] = {1, 2.5f};
  const int ints[] = {3, -4};
  dl::Tensor m({2, 2}, {14, 20, 30, 44});
  json.string("name", "a \"b\"\n")
      .integer("n", 7)
      .boolean("ok", true)
      .number("x", 0.5f)
      .numbers("v", values)
      .integers("i", ints)
      .matrix("m", m)
      .begin_object("inner")
      .number("nan", std::nanf(""))
      .end_object()
      .integer("after", 1);
  CHECK(json.finish() ==
        R"({"name":"a \"b\"\u000a","n":7,"ok":true,"x":0.5,"v":[1,2.5],"i":[3,-4],"m":[[14,20],[30,44]],)"
        R"("inner":{"nan":null},"after":1})");
}

TEST_CASE("JsonWriter: finish closes open objects") {
  JsonWriter json;
  json.begin_object("a").integer("b", 1);
  CHECK(json.finish() == R"({"a":{"b":1}})");
}

TEST_CASE("JsonWriter: the app's fields by type, raw JSON and arrays of values") {
  JsonWriter json;
  json.field("s", std::string_view("text"))
      .field("c", "chars")
      .field("b", false)
      .field("i", 42)
      .field("l", int64_t{-9000000000})
      .field("d", 0.001)
      .field("inf", std::numeric_limits<double>::infinity())
      .raw_field("raw", R"({"k":[1,2]})")
      .begin_array("a")
      .value(0.5)
      .value("x")
      .value(1.0 / 3.0)
      .end_array()
      .begin_array("empty")
      .end_array()
      .begin_object("o")
      .field("after", true)
      .end_object();
  CHECK(json.finish() == R"({"s":"text","c":"chars","b":false,"i":42,"l":-9000000000,"d":0.001,"inf":null,)"
                         R"("raw":{"k":[1,2]},"a":[0.5,"x",0.333333333],"empty":[],"o":{"after":true}})");
}

TEST_CASE("JsonWriter: finish closes open arrays and objects in order") {
  JsonWriter json;
  json.begin_object("a").begin_array("b").value(1.0);
  CHECK(json.finish() == R"({"a":{"b":[1]}})");
}
