#include "cli/flags.h"

#include <array>

namespace vmrun::cli {

namespace {

constexpr auto A = FlagSection::authentication;
constexpr auto O = FlagSection::options;
constexpr auto V = FlagValue::required;
constexpr auto N = FlagValue::none;

// The AUTHENTICATION-FLAGS rows keep vmrun 1.15.2's layout (Appendix A); their help text is
// printed right after "<spelling> <value_name>".
constexpr std::array k_flags{
  GlobalFlag{"-h", "host", V, A, "<hostName>", "VMRUN_HOST",
             "  (ESXi or vCenter: host, host:port or https://host[:port]/sdk)"},
  GlobalFlag{"-P", "port", V, A, "<hostPort>", "",
             "  (default 443; a port given in -h wins)"},
  GlobalFlag{"-T", "host-type", V, A, "<hostType>", "VMRUN_HOST_TYPE",
             " (esx|vc|server|ws-shared)\n"
             "     for example, use '-T esx' for VMware ESXi\n"
             "                  use '-T vc' for VMware vCenter Server\n"
             "                  all of them use the vSphere API; the server decides the rest"},
  GlobalFlag{"-u", "user", V, A, "<userName in host OS>", "VMRUN_USER",
             "  (ESXi or vCenter user; prompted for when missing)"},
  GlobalFlag{"-p", "password", V, A, "<password in host OS>", "VMRUN_PASSWORD",
             "  (ESXi or vCenter password; prompted for when missing)"},
  GlobalFlag{"-vp", "vm-password", V, A, "<password for encrypted virtual machine>", "",
             "  (accepted and ignored on vSphere)"},
  GlobalFlag{"-gu", "guest-user", V, A, "<userName in guest OS>", "VMRUN_GUEST_USER", ""},
  GlobalFlag{"-gp", "guest-password", V, A, "<password in guest OS>", "VMRUN_GUEST_PASSWORD",
             ""},
  GlobalFlag{"--thumbprint", "thumbprint", V, O, "<hex>", "VMRUN_THUMBPRINT",
             "Trust only the certificate with this SHA-256 or SHA-1\n"
             "thumbprint (hex, colons optional)"},
  GlobalFlag{"--ca-file", "ca-file", V, O, "<path>", "",
             "Also trust the CA certificates in this PEM file"},
  GlobalFlag{"--tls", "tls", V, O, "<mode>", "VMRUN_TLS",
             "tofu (default): trust a CA-signed certificate, or any\n"
             "  certificate on first use, recorded in known_hosts\n"
             "strict: CA-signed or pinned certificates only\n"
             "insecure: no certificate check at all"},
  GlobalFlag{"--insecure", "insecure", N, O, "", "", "Same as --tls=insecure"},
  GlobalFlag{"--timeout", "timeout", V, O, "<seconds>", "",
             "Time limit for the whole command, waits for tasks\n"
             "and VMware Tools included (default 300)"},
  GlobalFlag{"--debug", "debug", N, O, "", "",
             "Trace the SOAP traffic on stderr (secrets masked)"},
  GlobalFlag{"--json", "json", N, O, "", "", "Print listings and errors as JSON"},
  GlobalFlag{"--no-progress", "no-progress", N, O, "", "", "Show no progress bar on stderr"},
  GlobalFlag{"--help", "help", N, O, "", "", "Show this help and exit"},
  GlobalFlag{"-?", "help", N, O, "", "", "Same as --help"},
  GlobalFlag{"--version", "version", N, O, "", "", "Show the version line and exit"},
};

} // namespace

std::span<const GlobalFlag> global_flags()
{
  return k_flags;
}

const GlobalFlag* find_global_flag(std::string_view spelling)
{
  for (const auto& flag : k_flags) {
    if (flag.spelling == spelling) {
      return &flag;
    }
  }
  return nullptr;
}

} // namespace vmrun::cli
