// SPDX-License-Identifier: Apache-2.0

// vmrun-docgen: keeps the generated parts of the man page and the completion scripts in step
// with the verb and flag tables (docs.h).
//
//   vmrun-docgen check SRCDIR    exit 1, naming each stale file, when a committed file differs
//   vmrun-docgen update SRCDIR   rewrite the generated parts in place
//   vmrun-docgen print NAME      print one generated part (header, options, commands,
//                                environment, bash, zsh, fish)
#include "docgen/docs.h"

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string read_file(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::string& path, const std::string& text)
{
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) {
    throw std::runtime_error("cannot write " + path);
  }
}

// The 1-based number of the first line where `a` and `b` differ, with both lines.
std::string first_difference(const std::string& a, const std::string& b)
{
  std::istringstream in_a(a);
  std::istringstream in_b(b);
  std::string line_a;
  std::string line_b;
  for (int number = 1;; ++number) {
    const bool more_a = static_cast<bool>(std::getline(in_a, line_a));
    const bool more_b = static_cast<bool>(std::getline(in_b, line_b));
    if (!more_a && !more_b) {
      return "(no difference)";
    }
    if (!more_a || !more_b || line_a != line_b) {
      return "line " + std::to_string(number) +
             ":\n  committed: " + (more_a ? line_a : "(end of file)") +
             "\n  generated: " + (more_b ? line_b : "(end of file)");
    }
  }
}

int usage()
{
  std::cerr << "usage: vmrun-docgen check|update SRCDIR\n"
               "       vmrun-docgen print header|options|commands|environment|bash|zsh|fish\n";
  return 2;
}

int check_or_update(const std::string& mode, const std::string& srcdir)
{
  // The expected content of each file, region after region.
  std::map<std::string, std::string> committed;
  std::map<std::string, std::string> expected;
  for (const auto& region : vmrun::docgen::generated_regions()) {
    const std::string path = srcdir + "/" + std::string(region.file);
    if (!expected.contains(path)) {
      committed[path] = read_file(path);
      expected[path] = committed[path];
    }
    expected[path] = vmrun::docgen::splice_region(expected[path], region.name, region.content);
  }
  int stale = 0;
  for (const auto& [path, text] : expected) {
    if (text == committed[path]) {
      continue;
    }
    if (mode == "update") {
      write_file(path, text);
      std::cout << "updated " << path << '\n';
    } else {
      ++stale;
      std::cout << path << " differs from the verb and flag tables, "
                << first_difference(committed[path], text) << '\n';
    }
  }
  if (stale > 0) {
    std::cout << "Regenerate with: cmake --build <build dir> --target update-docs\n";
    return 1;
  }
  return 0;
}

} // namespace

int main(int argc, char** argv)
{
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 2 && (args[0] == "check" || args[0] == "update")) {
      return check_or_update(args[0], args[1]);
    }
    if (args.size() == 2 && args[0] == "print") {
      const std::map<std::string, std::string (*)()> parts{
        {"header", vmrun::docgen::man_header},     {"options", vmrun::docgen::man_options},
        {"commands", vmrun::docgen::man_commands}, {"environment", vmrun::docgen::man_environment},
        {"bash", vmrun::docgen::bash_data},        {"zsh", vmrun::docgen::zsh_data},
        {"fish", vmrun::docgen::fish_data}};
      const auto part = parts.find(args[1]);
      if (part == parts.end()) {
        return usage();
      }
      std::cout << part->second();
      return 0;
    }
  } catch (const std::exception& error) {
    std::cerr << "vmrun-docgen: " << error.what() << '\n';
    return 1;
  }
  return usage();
}
