#include "transport/errors.h"
#include "transport/known_hosts.h"
#include "transport_test_support.h"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>

using namespace vmrun::transport;
using vmrun::transport::test::ScratchDir;

namespace {

std::string slurp(const std::filesystem::path& path)
{
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

unsigned mode_of(const std::filesystem::path& path)
{
  struct stat info {};
  ::stat(path.c_str(), &info);
  return info.st_mode & 0777;
}

} // namespace

TEST_CASE("parse_known_hosts")
{
  auto entries = parse_known_hosts("esx1:443 AA:BB\n"
                                   "malformed-without-space\n"
                                   "\n"
                                   "  [::1]:8443   ab cd  \r\n"
                                   "10.0.0.1 CC:DD\n"
                                   "last:1 EE");
  REQUIRE(entries.size() == 4);
  CHECK(entries[0].host_port == "esx1:443");
  CHECK(entries[0].thumbprint == "AA:BB");
  CHECK(entries[0].line == "esx1:443 AA:BB");
  // Split on the first space: the rest is the second field.
  CHECK(entries[1].host_port == "[::1]:8443");
  CHECK(entries[1].thumbprint == "ab cd");
  CHECK(entries[2].host_port == "10.0.0.1:443"); // govc: no port means 443
  CHECK(entries[3].host_port == "last:1");
}

TEST_CASE("find_known_host")
{
  ScratchDir dir;
  auto path = (dir.path() / "known_hosts").string();
  CHECK_FALSE(find_known_host(path, "h:443")); // a missing file is no entry
  std::ofstream(path) << "h:443 AA\nh:443 BB\nother:443 CC\n";
  auto entry = find_known_host(path, "h:443");
  REQUIRE(entry);
  CHECK(entry->thumbprint == "AA");
  CHECK_FALSE(find_known_host(path, "h:444"));
}

TEST_CASE("record_known_host")
{
  ScratchDir dir;
  auto folder = dir.path() / "config" / "vmrun";
  auto path = folder / "known_hosts";

  SUBCASE("creates directory 0700 and file 0600")
  {
    record_known_host(path.string(), "127.0.0.1:443", "AA:BB");
    CHECK(slurp(path) == "127.0.0.1:443 AA:BB\n");
    CHECK(mode_of(path) == 0600);
    CHECK(mode_of(folder) == 0700);
    CHECK(mode_of(dir.path() / "config") == 0700);
  }
  SUBCASE("appends and keeps existing lines, even malformed ones")
  {
    std::filesystem::create_directories(folder);
    std::ofstream(path) << "# comment\nold:443 CC"; // no final newline
    record_known_host(path.string(), "[::1]:443", "DD");
    CHECK(slurp(path) == "# comment\nold:443 CC\n[::1]:443 DD\n");
    CHECK(find_known_host(path.string(), "[::1]:443")->thumbprint == "DD");
    CHECK(mode_of(path) == 0600);
  }
  SUBCASE("leaves no temporary file behind")
  {
    record_known_host(path.string(), "a:1", "AA");
    record_known_host(path.string(), "b:2", "BB");
    int files = 0;
    for ([[maybe_unused]] const auto& item : std::filesystem::directory_iterator(folder)) {
      ++files;
    }
    CHECK(files == 1);
  }
  SUBCASE("failure is a NetError(io) and the old file stays")
  {
    std::filesystem::create_directories(folder);
    std::ofstream(path) << "old:443 CC\n";
    ::chmod(folder.c_str(), 0500); // no new files (root ignores this, so check the outcome)
    bool threw = false;
    try {
      record_known_host(path.string(), "new:443", "DD");
    } catch (const NetError& error) {
      threw = true;
      CHECK(error.kind() == NetErrorKind::io);
    }
    ::chmod(folder.c_str(), 0700);
    CHECK(slurp(path) == (threw ? "old:443 CC\n" : "old:443 CC\nnew:443 DD\n"));
  }
}
