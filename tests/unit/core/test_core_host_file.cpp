// SPDX-License-Identifier: Apache-2.0

#include "core/errors/error.h"
#include "core/files/host_file.h"
#include "util/interrupt.h"

#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using vmrun::core::AtomicFileWriter;

namespace {

struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("vmrun-test-" + std::to_string(::getpid()));
  Scratch() { fs::create_directories(dir); }
  ~Scratch() { fs::remove_all(dir); }
  std::size_t entries() const
  {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {}));
  }
};

std::string contents(const fs::path& p)
{
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace

TEST_CASE("AtomicFileWriter")
{
  Scratch scratch;
  const fs::path target = scratch.dir / "out.bin";
  SUBCASE("the file appears only at commit")
  {
    AtomicFileWriter w(target);
    w.write("hello ");
    w.write("world");
    CHECK_FALSE(fs::exists(target));
    w.commit(11);
    CHECK(contents(target) == "hello world");
    CHECK(scratch.entries() == 1);
  }
  SUBCASE("an abandoned write leaves nothing and keeps the old file")
  {
    std::ofstream(target) << "old";
    {
      const vmrun::util::InterruptGuard interrupts; // the program's (vmrun's dispatch holds one)
      AtomicFileWriter w(target);
      w.write("partial");
    }
    CHECK(contents(target) == "old");
    CHECK(scratch.entries() == 1);
  }
  SUBCASE("a short transfer is refused")
  {
    AtomicFileWriter w(target);
    w.write("abc");
    CHECK_THROWS_AS(w.commit(4), vmrun::core::Error);
    CHECK_FALSE(fs::exists(target));
  }
  SUBCASE("the temporary file is private")
  {
    AtomicFileWriter w(target);
    for (const auto& entry : fs::directory_iterator(scratch.dir)) {
      struct stat st {};
      REQUIRE(::stat(entry.path().c_str(), &st) == 0);
      CHECK((st.st_mode & 0777) == 0600);
    }
  }
  SUBCASE("a signal while it writes cancels it and leaves nothing")
  {
    // SIGHUP: doctest handles SIGINT and SIGTERM itself, and the guard leaves those alone.
    struct sigaction dfl {};
    struct sigaction saved {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    ::sigaction(SIGHUP, &dfl, &saved);
    std::ofstream(target) << "old";
    {
      const vmrun::util::InterruptGuard interrupts; // the program's (vmrun's dispatch holds one)
      AtomicFileWriter w(target);
      w.write("partial");
      ::raise(SIGHUP);
      try {
        w.write("more");
        FAIL("no error");
      } catch (const vmrun::core::Error& e) {
        CHECK(std::string(e.what()) == "The operation was cancelled");
        CHECK(e.code() == vmrun::core::vix::cancelled);
      }
    }
    ::sigaction(SIGHUP, &saved, nullptr);
    CHECK(contents(target) == "old");
    CHECK(scratch.entries() == 1);
  }
  SUBCASE("a missing directory is a file-not-found error")
  {
    CHECK_THROWS_AS(AtomicFileWriter(scratch.dir / "no" / "such" / "file"), vmrun::core::Error);
  }
}
