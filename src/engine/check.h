// The one assert macro for programming errors (broken invariants, not bad input).
// Expected failures (files, user input) return a Status instead; see status.h.
#pragma once
#include <cstdio>
#include <cstdlib>

#define DL_CHECK(cond)                                                                \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                   \
    }                                                                                 \
  } while (0)
