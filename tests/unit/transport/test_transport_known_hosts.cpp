// SPDX-License-Identifier: Apache-2.0

#include "transport/errors.h"
#include "transport/known_hosts.h"
#include "transport_test_support.h"
#include "util/local_file.h"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <functional>
#include <set>

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

TEST_CASE("known_hosts larger than its limit is refused, never read whole")
{
  ScratchDir dir;
  auto path = (dir.path() / "known_hosts").string();
  // 100 MB, sparse: reading it whole would cost seconds and 100 MB.
  REQUIRE(::truncate(path.c_str(), 0) != 0); // missing yet
  std::ofstream(path) << "h:443 AA\n";
  REQUIRE(::truncate(path.c_str(), 100 * 1000 * 1000) == 0);
  for (const auto& attempt :
       std::vector<std::function<void()>>{[&] { find_known_host(path, "h:443"); },
                                          [&] { record_known_host(path, "new:443", "BB"); }}) {
    try {
      attempt();
      FAIL("a 100 MB known_hosts was read");
    } catch (const NetError& e) {
      CHECK(e.kind() == NetErrorKind::io);
      CHECK(std::string(e.what()) == path + " is larger than 4 MiB: not read");
    }
  }
  CHECK(std::filesystem::file_size(path) == 100 * 1000 * 1000); // nothing written
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
  SUBCASE("leaves no temporary file behind, only the lock file (0600)")
  {
    record_known_host(path.string(), "a:1", "AA");
    record_known_host(path.string(), "b:2", "BB");
    std::set<std::string> files;
    for (const auto& item : std::filesystem::directory_iterator(folder)) {
      files.insert(item.path().filename().string());
    }
    CHECK(files == std::set<std::string>{"known_hosts", "known_hosts.lock"});
    CHECK(mode_of(folder / "known_hosts.lock") == 0600);
  }
  SUBCASE("a host already there is not written again; its entry is returned")
  {
    CHECK_FALSE(record_known_host(path.string(), "a:1", "AA"));
    auto existing = record_known_host(path.string(), "a:1", "BB");
    REQUIRE(existing);
    CHECK(existing->thumbprint == "AA");
    CHECK(slurp(path) == "a:1 AA\n");
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

TEST_CASE("record_known_host from 30 processes at once")
{
  ScratchDir dir;
  const std::string path = (dir.path() / "vmrun" / "known_hosts").string();
  // Forks 30 children that wait on a pipe, releases them together by closing it, and returns
  // how many failed.
  const auto race = [](const std::function<void(int)>& record) {
    int gate[2];
    REQUIRE(::pipe(gate) == 0);
    std::vector<pid_t> children;
    for (int i = 0; i < 30; ++i) {
      const pid_t pid = ::fork();
      REQUIRE(pid >= 0);
      if (pid == 0) {
        ::close(gate[1]);
        char byte = 0;
        while (::read(gate[0], &byte, 1) < 0 && errno == EINTR) {
        }
        int status = 0;
        try {
          record(i);
        } catch (...) {
          status = 1;
        }
        ::_exit(status);
      }
      children.push_back(pid);
    }
    ::close(gate[0]);
    ::close(gate[1]); // end of file: every child goes
    int failed = 0;
    for (const pid_t pid : children) {
      int status = 0;
      ::waitpid(pid, &status, 0);
      failed += WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
    }
    return failed;
  };
  SUBCASE("first uses of one host leave one line")
  {
    CHECK(race([&](int) { record_known_host(path, "esx:443", "AA:BB"); }) == 0);
    CHECK(slurp(path) == "esx:443 AA:BB\n");
  }
  SUBCASE("first uses of 30 hosts lose none")
  {
    CHECK(race([&](int i) { record_known_host(path, "esx" + std::to_string(i) + ":443", "AA"); }) ==
          0);
    const auto entries = parse_known_hosts(slurp(path));
    std::set<std::string> hosts;
    for (const auto& entry : entries) {
      hosts.insert(entry.host_port);
    }
    CHECK(entries.size() == 30);
    CHECK(hosts.size() == 30);
  }
}

TEST_CASE("net_error_of: local file failures keep their text; a signal is cancelled")
{
  const NetError io = net_error_of(vmrun::util::FileError(ENOSPC, "Cannot write /p: full"));
  CHECK(io.kind() == NetErrorKind::io);
  CHECK(std::string(io.what()) == "Cannot write /p: full");
  const NetError cancelled = net_error_of(
    vmrun::util::FileError(ECANCELED, "Waiting for the lock /l was interrupted"));
  CHECK(cancelled.kind() == NetErrorKind::cancelled);
  CHECK(std::string(cancelled.what()) == "Waiting for the lock /l was interrupted");
}

TEST_CASE("record_known_host: a directory others can write to records nothing")
{
  ScratchDir dir;
  const auto shared = dir.path() / "shared";
  std::filesystem::create_directories(shared);
  ::chmod(shared.c_str(), 0777);
  const std::string path = (shared / "known_hosts").string();
  const NetError error = vmrun::transport::test::expect_error(
    [&] { record_known_host(path, "esx:443", std::string(64, 'a')); });
  CHECK(error.kind() == NetErrorKind::io);
  CHECK(std::string(error.what()) ==
        "Cannot record the certificate in " + path + ": its directory is writable by others");
}
