// SPDX-License-Identifier: Apache-2.0

#include "util/interrupt.h"
#include "util/local_file.h"

#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace vmrun::util;

namespace {

// A fresh directory (0700, from mkdtemp), removed with all it holds.
class TempDir
{
public:
  TempDir() : dir((fs::temp_directory_path() / "vmrun-util-XXXXXX").string())
  {
    std::string name = dir.string();
    REQUIRE(::mkdtemp(name.data()) != nullptr);
    dir = name;
  }
  ~TempDir() { fs::remove_all(dir); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::size_t entries() const
  {
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) {
      ++count;
    }
    return count;
  }
  fs::path dir;
};

std::string contents(const fs::path& p)
{
  return read_file_or_empty(p.string(), 1024);
}

unsigned mode_of(const fs::path& path)
{
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// The FileError `f` throws.
template <typename F>
FileError error_of(F f)
{
  try {
    f();
  } catch (const FileError& error) {
    return error;
  }
  FAIL("no FileError");
  return FileError(0, "");
}

} // namespace

TEST_CASE("AtomicFileWriter: all or nothing, private or with the umask's mode")
{
  TempDir scratch;
  const fs::path target = scratch.dir / "out";
  {
    std::ofstream(target) << "old";
  }
  SUBCASE("destroyed uncommitted: the old file stays, the temporary file goes")
  {
    {
      AtomicFileWriter writer(target);
      writer.write("new");
      CHECK(scratch.entries() == 2);
    }
    CHECK(contents(target) == "old");
    CHECK(scratch.entries() == 1);
  }
  SUBCASE("committed privately")
  {
    AtomicFileWriter writer(target, FileMode::private_);
    writer.write("ne");
    writer.write("w");
    CHECK(writer.written() == 3);
    writer.commit(Durability::cache);
    CHECK(contents(target) == "new");
    CHECK(mode_of(target) == 0600);
    CHECK(scratch.entries() == 1);
  }
  SUBCASE("committed with the umask's mode")
  {
    const mode_t mask = ::umask(022);
    AtomicFileWriter writer(target, FileMode::ordinary);
    writer.write("new");
    writer.commit();
    ::umask(mask);
    CHECK(mode_of(target) == 0644);
  }
  SUBCASE("a missing directory: errno and path")
  {
    const auto error = error_of([&] { AtomicFileWriter(scratch.dir / "no" / "file"); });
    CHECK(error.code().value() == ENOENT);
    CHECK(std::string(error.what()) == "Cannot create a temporary file for " +
                                         (scratch.dir / "no" / "file").string() +
                                         ": No such file or directory");
  }
}

TEST_CASE("private files: directories 0700, files 0600, judged as ssh judges keys")
{
  TempDir scratch;
  const std::string dir = (scratch.dir / "a" / "b").string();
  make_private_dirs(dir);
  CHECK(mode_of(dir) == 0700);
  CHECK_FALSE(not_private_dir(dir));
  const std::string path = dir + "/secret";
  CHECK(not_private(path) == "missing");
  CHECK(read_file_or_empty(path, 10).empty());
  CHECK_FALSE(read_private_file(path, 10));

  replace_private_file(path, "0123456789", Durability::durable);
  CHECK(mode_of(path) == 0600);
  CHECK_FALSE(not_private(path));
  CHECK(read_private_file(path, 10) == "0123456789");
  CHECK_FALSE(read_private_file(path, 9));
  CHECK(read_file_or_empty(path, 10) == "0123456789");

  ::chmod(path.c_str(), 0644);
  CHECK(not_private(path) == "readable or writable by others");
  CHECK_FALSE(read_private_file(path, 10));
  ::chmod(dir.c_str(), 0770);
  CHECK(not_private_dir(dir) == "writable by others");
  ::chmod(dir.c_str(), 0700);

  const std::string big = (scratch.dir / "big").string();
  std::ofstream(big) << std::string(2 * 1024 * 1024 + 1, 'x');
  const auto error = error_of([&] { read_file_or_empty(big, 2 * 1024 * 1024); });
  CHECK(error.code().value() == EFBIG);
  CHECK(std::string(error.what()) == big + " is larger than 2 MiB: not read");

  const auto blocked = error_of([&] { make_private_dirs(big + "/under"); });
  CHECK(blocked.code().value() == ENOTDIR);
  CHECK(std::string(blocked.what()) ==
        "Cannot create the directory " + big + "/under: Not a directory");
}

TEST_CASE("FileLock")
{
  TempDir scratch;
  const std::string lock_path = (scratch.dir / "file.lock").string();
  {
    const FileLock held(lock_path);
    CHECK(mode_of(lock_path) == 0600);
    // flock locks belong to the open file: a second open, even in this process, must wait.
    const auto error = error_of(
      [&] { const FileLock second(lock_path, std::chrono::milliseconds(50)); });
    CHECK(error.code().value() == EWOULDBLOCK);
    CHECK(std::string(error.what()) == "Cannot lock " + lock_path + ": another vmrun holds it");

    SUBCASE("a signal under an InterruptGuard ends the wait")
    {
      struct sigaction dfl {};
      struct sigaction saved {};
      dfl.sa_handler = SIG_DFL;
      sigemptyset(&dfl.sa_mask);
      ::sigaction(SIGHUP, &dfl, &saved);
      {
        const InterruptGuard guard;
        ::raise(SIGHUP);
        const auto cancelled = error_of(
          [&] { const FileLock second(lock_path, std::chrono::seconds(10)); });
        CHECK(cancelled.code() == std::errc::operation_canceled);
        CHECK(std::string(cancelled.what()) ==
              "Waiting for the lock " + lock_path + " was interrupted");
      }
      ::sigaction(SIGHUP, &saved, nullptr);
    }
  }
  const FileLock again(lock_path, std::chrono::milliseconds(0)); // released with the first
  const auto missing = error_of(
    [&] { const FileLock nowhere((scratch.dir / "no" / "such.lock").string()); });
  CHECK(missing.code().value() == ENOENT);
  CHECK(std::string(missing.what()).starts_with("Cannot create "));
  const std::string link = (scratch.dir / "link.lock").string();
  fs::create_symlink(lock_path, link);
  CHECK(std::string(error_of([&] { const FileLock planted(link); }).what()) ==
        "Cannot create " + link + ": it is a symbolic link");
}
