// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <string>
#include <vector>

namespace vmrun::core {

struct VixCatalogEntry {
  int code;
  const char* constant;
  const char* text;
};

// The VIX codes and texts of data/vix-errors.tsv, one entry per code (the observed text).
const std::vector<VixCatalogEntry>& vix_catalog();

// The catalog text for a code; "Unknown error" for a code without one.
std::string vix_text(int code);

} // namespace vmrun::core
