// SPDX-License-Identifier: Apache-2.0

// The session cache's file format and files (docs/behaviour.md#sessions).
#include "core/vsphere/session_cache.h"

#include "core/vsphere/password_verifier.h"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace vmrun::core;
namespace fs = std::filesystem;

namespace {

CachedSession sample()
{
  CachedSession s;
  s.cookie = "\"52b0d4f5-e1c0\"";
  s.version = "8.0.3.0";
  s.certificate = "AB:CD:EF";
  s.service.root_folder = {"Folder", "group-d1"};
  s.service.property_collector = {"PropertyCollector", "propertyCollector"};
  s.service.session_manager = {"SessionManager", "SessionManager"};
  s.service.api_type = "VirtualCenter";
  s.service.full_name = "VMware vCenter Server 8.0 \n%odd";
  return s;
}

// A scratch directory under the system's temporary one, removed at the end.
struct Scratch {
  Scratch()
  {
    std::string templ = (fs::temp_directory_path() / "vmrun-cache-XXXXXX").string();
    REQUIRE(::mkdtemp(templ.data()) != nullptr);
    dir = templ;
  }
  ~Scratch() { fs::remove_all(dir); }
  std::string dir;
};

} // namespace

TEST_CASE("cached sessions: format and parse")
{
  SUBCASE("round trip, datacenters included or not")
  {
    CachedSession s = sample();
    auto back = parse_cached_session(format_cached_session(s));
    REQUIRE(back);
    CHECK(back->cookie == s.cookie);
    CHECK(back->service == s.service);
    CHECK_FALSE(back->datacenters.has_value());
    s.datacenters.emplace();
    back = parse_cached_session(format_cached_session(s));
    REQUIRE(back);
    CHECK(back->datacenters->empty()); // listed: none
    s.datacenters->push_back({{"Datacenter", "dc-1"}, "a b/c", {"Folder", "v-1"}, "F 1/a b%2fc"});
    back = parse_cached_session(format_cached_session(s));
    REQUIRE(back);
    REQUIRE(back->datacenters->size() == 1);
    CHECK(back->datacenters->at(0).name == "a b/c");
    CHECK(back->datacenters->at(0).vm_folder.value == "v-1");
    CHECK(back->datacenters->at(0).path == "F 1/a b%2fc");
    s.vms.push_back({"[ds 1] web/web.vmx", {"VirtualMachine", "vm-7"}, {"Datacenter", "dc-1"}});
    back = parse_cached_session(format_cached_session(s));
    REQUIRE(back);
    REQUIRE(back->vms.size() == 1);
    CHECK(back->vms[0] == s.vms[0]);
  }
  SUBCASE("known VMs are capped")
  {
    CachedSession s = sample();
    std::string text = format_cached_session(s);
    text.resize(text.size() - 4); // before the last line, "end"
    for (std::size_t i = 0; i < k_max_known_vms + 10; ++i) {
      text += "vm [ds]%20v" + std::to_string(i) + ".vmx VirtualMachine vm-" + std::to_string(i) +
              " Datacenter dc-1\n";
    }
    text += "end\n";
    const auto back = parse_cached_session(text);
    REQUIRE(back);
    CHECK(back->vms.size() == k_max_known_vms);
  }
  SUBCASE("anything else is no session")
  {
    const std::string good = format_cached_session(sample());
    REQUIRE(good.ends_with("\nend\n"));
    const std::string body = good.substr(0, good.size() - 4);
    CHECK_FALSE(parse_cached_session(""));
    CHECK_FALSE(
      parse_cached_session("vmrun-session 1\n" +
                           good.substr(good.find('\n') + 1))); // the format before datacenter paths
    CHECK_FALSE(parse_cached_session(good.substr(0, good.size() - 1))); // cut short
    CHECK_FALSE(parse_cached_session(body));                            // cut at a line's end
    CHECK_FALSE(parse_cached_session(body + "x end\n")); // "end" not on a line of its own
    CHECK_FALSE(parse_cached_session(good + "end\n"));
    CHECK_FALSE(parse_cached_session(body + "unknown field\nend\n"));
    CHECK_FALSE(parse_cached_session(body + "\nend\n")); // an empty line (found by fuzzing)
    CHECK_FALSE(parse_cached_session(body + "ref root_folder %zz x\nend\n"));
    // A cookie that would break its header.
    auto bad = sample();
    bad.cookie = "a;b";
    CHECK_FALSE(parse_cached_session(format_cached_session(bad)));
    bad.cookie = "";
    CHECK_FALSE(parse_cached_session(format_cached_session(bad)));
  }
  SUBCASE("file names")
  {
    CHECK(session_file_name("root@esx.example.com:443") == "root@esx.example.com:443");
    CHECK(session_file_name("../x@h:1") == "%2E.%2Fx@h:1");
    CHECK(session_file_name("a b%@[::1]:443") == "a%20b%25@[::1]:443");
    CHECK_FALSE(session_file_name(std::string(300, 'u') + "@h:443"));
  }
}

TEST_CASE("SessionCache: private files, shared safely")
{
  Scratch scratch;
  const std::string dir = scratch.dir + "/vmrun/sessions";
  std::string warned;
  const SessionCache cache(dir, [&](const std::string& w) { warned += w + "\n"; });
  const std::string key = "root@esx:443";

  CHECK_FALSE(cache.load(key)); // nothing yet, and nothing to say
  CHECK(warned.empty());
  cache.store(key, sample());
  struct stat st {};
  REQUIRE(::stat(dir.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  REQUIRE(::stat((dir + "/" + key).c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(cache.load(key));
  CHECK(cache.load(key)->cookie == sample().cookie);

  SUBCASE("a file others can read is ignored, with one warning")
  {
    REQUIRE(::chmod((dir + "/" + key).c_str(), 0640) == 0);
    CHECK_FALSE(cache.load(key));
    CHECK_FALSE(cache.load(key));
    CHECK(warned == "vmrun: ignoring the cached session " + dir + "/" + key +
                      ": readable or writable by others\n");
  }
  SUBCASE("a directory others can write to")
  {
    REQUIRE(::chmod(dir.c_str(), 0777) == 0);
    CHECK_FALSE(cache.load(key));
    CHECK(warned.find("in a directory others can write to") != std::string::npos);
  }
  SUBCASE("a symbolic link is not followed")
  {
    fs::rename(dir + "/" + key, dir + "/elsewhere");
    fs::create_symlink(dir + "/elsewhere", dir + "/" + key);
    CHECK_FALSE(cache.load(key));
  }
  SUBCASE("remove")
  {
    cache.remove(key);
    CHECK_FALSE(fs::exists(dir + "/" + key));
    cache.remove(key); // again: nothing to do
  }
}

TEST_CASE("session cache file: the verifier round-trips, a malformed one spoils the file")
{
  CachedSession session = sample();
  session.verifier = make_verifier("pw");
  const std::string text = format_cached_session(session);
  const auto parsed = parse_cached_session(text);
  REQUIRE(parsed);
  CHECK(parsed->verifier == session.verifier);
  CHECK(text.find("pw\n") == std::string::npos);
  std::string spoiled = text;
  spoiled.replace(spoiled.find("pbkdf2-sha256"), 6, "pbkdf3");
  CHECK_FALSE(parse_cached_session(spoiled));
}

TEST_CASE("kept watch files (docs/behaviour.md#kept-watches): format and parse")
{
  const KeptWatchState watch{"0123456789abcdef01234567",
                             {"PropertyCollector", "session[52b0]collector-7"},
                             {"ListView", "session[52b0]view-3"},
                             {"PropertyFilter", "session[52b0]filter-9"},
                             {"VirtualMachine", "vm-42"}};
  const std::string text = format_kept_watch(watch);
  CHECK(text == "vmrun-watch 1\n"
                "login 0123456789abcdef01234567\n"
                "collector PropertyCollector session[52b0]collector-7\n"
                "view ListView session[52b0]view-3\n"
                "filter PropertyFilter session[52b0]filter-9\n"
                "vm VirtualMachine vm-42\n"
                "end\n");
  CHECK(parse_kept_watch(text) == watch);

  SUBCASE("cut short, missing a reference, or with an unknown line: no kept watch")
  {
    CHECK_FALSE(parse_kept_watch(text.substr(0, text.size() - 4)));
    CHECK_FALSE(parse_kept_watch(""));
    std::string no_vm = text;
    no_vm.erase(no_vm.find("vm VirtualMachine"), std::string("vm VirtualMachine vm-42\n").size());
    CHECK_FALSE(parse_kept_watch(no_vm));
    std::string extra = text;
    extra.insert(extra.find("end\n"), "cookie secret\n");
    CHECK_FALSE(parse_kept_watch(extra));
  }
  SUBCASE("a server's reference with a space or a control byte is never sent back")
  {
    KeptWatchState odd = watch;
    odd.view.value = "view 3\n";
    CHECK_FALSE(parse_kept_watch(format_kept_watch(odd)));
  }
}
