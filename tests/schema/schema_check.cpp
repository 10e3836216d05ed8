// SPDX-License-Identifier: Apache-2.0

// Validates every request envelope in a directory (dumped by the integration suite from what
// vmrun really sent) against the vSphere WSDL in VIM25_DIR (VMRUN_VIM25_DIR); exits 125, which
// ctest reports as skipped, when VIM25_DIR is empty or holds no vim.wsdl.
#include "schema_validator.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;

int main(int argc, char** argv)
{
  if (argc != 3) {
    std::cerr << "usage: schema_check VIM25_DIR REQUEST_DIR\n";
    return 2;
  }
  if (const std::string skipped = vim25_unavailable(argv[1]); !skipped.empty()) {
    std::cout << skipped << "\n";
    return 125;
  }
  SchemaValidator validator(argv[1]);
  int passed = 0;
  int failed = 0;
  // One folder per part of the integration suite.
  for (const auto& entry : fs::recursive_directory_iterator(argv[2])) {
    if (!entry.is_regular_file()) {
      continue;
    }
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string errors = validator.validate_envelope(text.str());
    if (errors.empty()) {
      ++passed;
    } else {
      ++failed;
      std::cout << "FAIL " << entry.path().filename().string() << ":\n" << errors << "\n";
    }
  }
  if (passed + failed == 0) {
    std::cout << "no requests found in " << argv[2] << "\n";
    return 1;
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}
