// Validates every request envelope in a directory (dumped by the integration suite from what
// vmrun really sent) against the vSphere 8 schema in ../shared/vim25.
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
  if (!fs::exists(fs::path(argv[1]) / "vim.wsdl")) {
    std::cout << "skipped: no schema at " << argv[1] << "\n";
    return 125;
  }
  SchemaValidator validator(argv[1]);
  int passed = 0;
  int failed = 0;
  for (const auto& entry : fs::directory_iterator(argv[2])) {
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
