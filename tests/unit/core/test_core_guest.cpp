// SPDX-License-Identifier: Apache-2.0

#include "core/errors/error.h"
#include "core/guest/files.h"
#include "core/guest/guest.h"
#include "core/guest/processes.h"
#include "core/guest/transfer.h"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

using namespace vmrun::core;
using namespace std::chrono_literals;

TEST_CASE("quote_guest_argument: POSIX guests")
{
  const auto q = [](std::string_view s) { return quote_guest_argument(s, GuestFamily::posix); };
  CHECK(q("plain") == "plain");
  CHECK(q("/tmp/x>y") == "/tmp/x>y"); // only white space and quotes are quoted
  CHECK(q("two words") == "'two words'");
  CHECK(q("tab\there") == "'tab\there'");
  CHECK(q("it's") == R"('it'\''s')");
  CHECK(q(R"(say "hi")") == R"('say "hi"')");
  CHECK(q("") == "''");
}

TEST_CASE("quote_guest_argument: Windows guests")
{
  const auto q = [](std::string_view s) { return quote_guest_argument(s, GuestFamily::windows); };
  CHECK(q(R"(C:\dir\file.txt)") == R"(C:\dir\file.txt)");
  CHECK(q(R"(C:\Program Files\x)") == R"("C:\Program Files\x")");
  CHECK(q(R"(a "b" c)") == R"("a \"b\" c")");
  // Backslashes before a quote, or before the closing quote, are doubled.
  CHECK(q(R"(C:\my dir\)") == R"("C:\my dir\\")");
  CHECK(q(R"(x\"y z)") == R"("x\\\"y z")");
  CHECK(q("") == R"("")");
}

TEST_CASE("join_guest_arguments")
{
  CHECK(join_guest_arguments({}, GuestFamily::posix).empty());
  CHECK(join_guest_arguments({"-c", "echo hi", ">", "/tmp/o"}, GuestFamily::posix) ==
        "-c 'echo hi' > /tmp/o");
  CHECK(join_guest_arguments({"/c", "dir C:\\Program Files"}, GuestFamily::windows) ==
        R"(/c "dir C:\Program Files")");
}

TEST_CASE("script_extension follows the interpreter")
{
  CHECK(script_extension("") == ".bat");
  CHECK(script_extension("cmd.exe") == ".bat");
  CHECK(script_extension(R"(C:\Windows\System32\cmd.exe)") == ".bat");
  CHECK(script_extension(R"(C:\Windows\System32\cscript.exe)") == ".vbs");
  CHECK(script_extension("WScript.EXE") == ".vbs");
  CHECK(script_extension(R"(C:\WINDOWS\System32\WindowsPowerShell\v1.0\powershell.exe)") == ".ps1");
  CHECK(script_extension("/usr/bin/python3") == ".py");
  CHECK(script_extension("/usr/bin/python") == ".py");
  CHECK(script_extension("/usr/bin/perl") == ".pl");
  CHECK(script_extension("/bin/bash") == ".sh");
  CHECK(script_extension("/bin/sh") == ".sh");
  CHECK(script_extension("/usr/bin/ruby") == "");
  CHECK(script_extension("/bin/zsh") == "");
}

TEST_CASE("exit_status_for: N mod 256, 1 when that is 0")
{
  CHECK(exit_status_for(0) == 0);
  CHECK(exit_status_for(1) == 1);
  CHECK(exit_status_for(42) == 42);
  CHECK(exit_status_for(255) == 255);
  CHECK(exit_status_for(256) == 1);
  CHECK(exit_status_for(257) == 1);
  CHECK(exit_status_for(512) == 1);
  CHECK(exit_status_for(300) == 44);
  CHECK(exit_status_for(-1) == 255);        // Windows codes come as signed int32
  CHECK(exit_status_for(-1073741819) == 5); // 0xC0000005
  CHECK(exit_status_for(-256) == 1);
}

TEST_CASE("poll_delay backs off from 50 ms to a 1 s cap")
{
  CHECK(poll_delay(0) == 50ms);
  CHECK(poll_delay(1) == 100ms);
  CHECK(poll_delay(2) == 200ms);
  CHECK(poll_delay(3) == 400ms);
  CHECK(poll_delay(4) == 800ms);
  CHECK(poll_delay(5) == 1000ms);
  CHECK(poll_delay(6) == 1000ms);
  CHECK(poll_delay(1000) == 1000ms);
  // Ten seconds of waiting take at most 15 polls: no busy loop.
  std::chrono::milliseconds total{0};
  int polls = 0;
  while (total < 10s) {
    total += poll_delay(polls++);
  }
  CHECK(polls <= 15);
}

TEST_CASE("redirected_command")
{
  SUBCASE("POSIX: sh -c on one line, the whole command line redirected (run for real)")
  {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("vmrun-test-redirect-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string out = (dir / "o.out").string();
    const std::string err = (dir / "e r.err").string();
    // A list, quotes, a redirection of its own and a trailing comment.
    const auto [program,
                args] = redirected_command("/bin/echo 'a b'; echo \"it's\" >&2; exit 3 # done", out,
                                           err, GuestFamily::posix);
    CHECK(program == "/bin/sh");
    CHECK(args.find('\n') == std::string::npos);
    // The guest runs "programPath arguments" through its shell, as a Linux guest does.
    const int status = std::system((program + " " + args).c_str());
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 3);
    const auto slurp = [](const std::string& path) {
      std::ifstream in(path);
      return std::string(std::istreambuf_iterator<char>(in), {});
    };
    CHECK(slurp(out) == "a b\n");
    CHECK(slurp(err) == "it's\n");
    std::filesystem::remove_all(dir);
  }
  SUBCASE("Windows: cmd.exe /s /c")
  {
    const auto [program, args] = redirected_command("dir C:\\", "C:\\Temp\\o.out",
                                                    "C:\\Temp\\e.err", GuestFamily::windows);
    CHECK(program == R"(C:\Windows\System32\cmd.exe)");
    CHECK(args == R"(/s /c "dir C:\ 1>"C:\Temp\o.out" 2>"C:\Temp\e.err"")");
  }
}

TEST_CASE("guest_family")
{
  CHECK(guest_family("windowsGuest", "") == GuestFamily::windows);
  CHECK(guest_family("linuxGuest", "guestToolsTypeOpenVMTools") == GuestFamily::posix);
  CHECK(guest_family("otherGuestFamily", "guestToolsTypeMSI") == GuestFamily::windows);
  CHECK(guest_family("", "guestToolsTypeMSI") == GuestFamily::windows);
  CHECK(guest_family("", "") == GuestFamily::posix);
}

TEST_CASE("transfer_url replaces the * host with the host we connected to")
{
  CHECK(transfer_url("https://*/guestFile?id=1&token=x", "esx.example.com:443") ==
        "https://esx.example.com:443/guestFile?id=1&token=x");
  CHECK(transfer_url("https://*:443/guestFile?id=1&token=x", "10.0.0.5:8443") ==
        "https://10.0.0.5:8443/guestFile?id=1&token=x");
  CHECK(transfer_url("https://*:443/guestFile?id=1&token=x", "[::1]:443") ==
        "https://[::1]:443/guestFile?id=1&token=x");
  CHECK(transfer_url("https://*:443/guestFile?id=1&token=x", "[fe80::1]:9443") ==
        "https://[fe80::1]:9443/guestFile?id=1&token=x");
  CHECK(transfer_url("https://*?id=1", "h:1") == "https://h:1?id=1");
  // A real host name (vCenter names the ESXi host) is kept.
  CHECK(transfer_url("https://esx3:443/guestFile?id=638&token=y", "vc:443") ==
        "https://esx3:443/guestFile?id=638&token=y");
  CHECK(transfer_url("https://*.example.com/x", "h:1") == "https://*.example.com/x");
  CHECK(transfer_url("not a url", "h:1") == "not a url");
}

TEST_CASE("split_guest_path")
{
  const auto check = [](std::string_view path, std::string_view parent, std::string_view name) {
    const auto parts = split_guest_path(path);
    CHECK(parts.parent == parent);
    CHECK(parts.name == name);
  };
  check("/tmp/a.txt", "/tmp", "a.txt");
  check("/tmp/dir/", "/tmp", "dir");
  check("/a", "/", "a");
  check("/", "/", "");
  check("a.txt", ".", "a.txt");
  check(R"(C:\Temp\a.txt)", R"(C:\Temp)", "a.txt");
  check(R"(C:\a.txt)", R"(C:\)", "a.txt");
  check(R"(C:\)", R"(C:\)", "");
  check("C:/Users/x", "C:/Users", "x");
}

TEST_CASE("regex_literal escapes metacharacters only")
{
  CHECK(regex_literal("a.txt") == R"(a\.txt)");
  CHECK(regex_literal("f(1)+[x]{2}^$|*?\\") == R"(f\(1\)\+\[x\]\{2\}\^\$\|\*\?\\)");
  CHECK(regex_literal("my file-1") == "my file-1");
  CHECK(is_dot_entry("."));
  CHECK(is_dot_entry(".."));
  CHECK_FALSE(is_dot_entry("..."));
  CHECK_FALSE(is_dot_entry(".hidden"));
}

TEST_CASE("HostFileReader")
{
  const auto dir = std::filesystem::temp_directory_path() /
                   ("vmrun-test-guest-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "data.bin";
  {
    std::ofstream(file, std::ios::binary) << "0123456789";
  }

  SUBCASE("reads exactly its size in chunks")
  {
    HostFileReader reader(file);
    CHECK(reader.size() == 10);
    std::array<char, 4> buffer{};
    std::string all;
    for (std::size_t n; (n = reader.read(buffer)) > 0;) {
      all.append(buffer.data(), n);
    }
    CHECK(all == "0123456789");
  }
  SUBCASE("its body starts over at the first byte when rewound")
  {
    HostFileReader reader(file);
    const auto body = reader.body();
    CHECK(body.size == 10);
    std::array<char, 4> buffer{};
    CHECK(body.read(buffer) == 4);
    CHECK(body.read(buffer) == 4);
    body.rewind();
    std::string all;
    for (std::size_t n; (n = body.read(buffer)) > 0;) {
      all.append(buffer.data(), n);
    }
    CHECK(all == "0123456789");
  }
  SUBCASE("a missing file, a directory: A file was not found")
  {
    CHECK_THROWS_WITH_AS(HostFileReader{dir / "missing"}, "A file was not found", Error);
    CHECK_THROWS_WITH_AS(HostFileReader{dir}, "A file was not found", Error);
  }
  SUBCASE("a file that shrinks while being read is an error")
  {
    HostFileReader reader(file);
    std::filesystem::resize_file(file, 3);
    std::array<char, 16> buffer{};
    CHECK(reader.read(buffer) == 3);
    CHECK_THROWS_AS(reader.read(buffer), Error);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("epoch_seconds reads xsd:dateTime values as the server sends them")
{
  CHECK(epoch_seconds("1970-01-01T00:00:00Z") == 0);
  CHECK(epoch_seconds("2024-01-02T03:04:05Z") == 1704164645);
  CHECK(epoch_seconds("2024-01-02T03:04:05.123456Z") == 1704164645);
  CHECK(epoch_seconds("2024-01-02T04:04:05+01:00") == 1704164645);
  CHECK(epoch_seconds("2024-01-02T02:04:05.5-01:00") == 1704164645);
  CHECK(epoch_seconds("2024-01-02T03:04:05") == 1704164645); // no zone: UTC
  CHECK(epoch_seconds("") == 0);
  CHECK(epoch_seconds("yesterday") == 0);
}
