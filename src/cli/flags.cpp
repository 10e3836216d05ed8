// SPDX-License-Identifier: Apache-2.0

#include "cli/flags.h"

#include <array>

namespace vmrun::cli {

namespace {

constexpr auto A = FlagSection::authentication;
constexpr auto O = FlagSection::options;
constexpr auto V = FlagValue::required;
constexpr auto N = FlagValue::none;

// The fixed sets of values (docs/behaviour.md#host-type, docs/behaviour.md#tls).
constexpr std::array<std::string_view, 4> k_host_types{"esx", "vc", "server", "ws-shared"};
constexpr std::array<std::string_view, 3> k_tls_modes{"tofu", "strict", "insecure"};

// The AUTHENTICATION-FLAGS rows keep vmrun 1.15.2's layout (Appendix A); their help text is
// printed right after "<spelling> <value_name>". The help is laid out for the terminal, the
// manual text is prose for the man page.
constexpr std::array k_flags{
  GlobalFlag{"-h", "host", V, A, "<hostName>", "VMRUN_HOST",
             "  (ESXi or vCenter: host, host:port or https://host[:port]/sdk)",
             "The ESXi host or vCenter Server: host, host:port or https://host[:port]/sdk; an IPv6 "
             "address goes in brackets. Every call goes to https://host:port/sdk."},
  GlobalFlag{"-P", "port", V, A, "<hostPort>", "", "  (default 443; a port given in -h wins)",
             "The port, when -h names none (default 443). A port given in -h wins."},
  GlobalFlag{"-T", "host-type", V, A, "<hostType>", "VMRUN_HOST_TYPE",
             " (esx|vc|server|ws-shared)\n"
             "     for example, use '-T esx' for VMware ESXi\n"
             "                  use '-T vc' for VMware vCenter Server\n"
             "                  all of them use the vSphere API; the server decides the rest",
             "The host type: esx, vc, server or ws-shared, in any case. All of them mean the "
             "vSphere API; the server itself tells whether it is an ESXi host or a vCenter "
             "Server. ws, fusion, player and server1 are refused with \"The specified service "
             "provider was not found\". Without -T, a host given with -h means vSphere.",
             k_host_types},
  GlobalFlag{"-u", "user", V, A, "<userName in host OS>", "VMRUN_USER",
             "  (ESXi or vCenter user; prompted for when missing)",
             "The ESXi or vCenter user; asked for on the terminal when missing."},
  GlobalFlag{"-p", "password", V, A, "<password in host OS>", "VMRUN_PASSWORD",
             "  (ESXi or vCenter password; prompted for when missing)",
             "The user's password; asked for on the terminal (echo off) when missing. Other users "
             "can read command lines with ps(1): prefer VMRUN_PASSWORD or the prompt."},
  GlobalFlag{"-vp", "vm-password", V, A, "<password for encrypted virtual machine>", "",
             "  (accepted and ignored on vSphere)",
             "The password of an encrypted virtual machine: accepted and ignored on vSphere."},
  GlobalFlag{"-gu", "guest-user", V, A, "<userName in guest OS>", "VMRUN_GUEST_USER", "",
             "The guest user, for the verbs that log in to the guest; asked for on the terminal "
             "when missing."},
  GlobalFlag{"-gp", "guest-password", V, A, "<password in guest OS>", "VMRUN_GUEST_PASSWORD", "",
             "The guest user's password; asked for on the terminal when missing."},
  GlobalFlag{"--thumbprint", "thumbprint", V, O, "<hex>", "VMRUN_THUMBPRINT",
             "Trust only the certificate with this SHA-256 or SHA-1\n"
             "thumbprint (hex, colons optional)",
             "Trust only the certificate with this SHA-256 or SHA-1 thumbprint (hex, colons "
             "optional, any case), whatever known_hosts says."},
  GlobalFlag{"--ca-file", "ca-file", V, O, "<path>", "",
             "Also trust the CA certificates in this PEM file",
             "Also trust the CA certificates in this PEM file."},
  GlobalFlag{"--tls", "tls", V, O, "<mode>", "VMRUN_TLS",
             "tofu (default): trust a CA-signed certificate, or any\n"
             "  certificate on first use, recorded in known_hosts\n"
             "strict: CA-signed or pinned certificates only\n"
             "insecure: no certificate check at all",
             "tofu (the default): accept a certificate that chains to a trusted CA, and trust any "
             "other on first use, recording it in known_hosts. strict: CA-signed or pinned "
             "certificates only. insecure: no certificate check at all.",
             k_tls_modes},
  GlobalFlag{"--insecure", "insecure", N, O, "", "", "Same as --tls=insecure",
             "Same as --tls=insecure."},
  GlobalFlag{"--timeout", "timeout", V, O, "<seconds>", "",
             "Time limit for the whole command, waits for tasks\n"
             "and VMware Tools included (default 300)",
             "How long the whole command may take, in seconds (default 300): every SOAP "
             "exchange and every wait for vSphere tasks and VMware Tools shares it; connecting "
             "waits at most 30 seconds of it. Moving file data does not count, but a transfer "
             "that moves less than 1 KiB in that many seconds fails."},
  GlobalFlag{"--debug", "debug", N, O, "", "", "Trace the SOAP traffic on stderr (secrets masked)",
             "Print each SOAP request and response body, with the HTTP status, on stderr. "
             "Passwords, session cookies, session keys and transfer tickets are replaced by ***."},
  GlobalFlag{"--json", "json", N, O, "", "", "Print listings and errors as JSON",
             "Print listings and errors as one JSON document on stdout (see JSON OUTPUT)."},
  GlobalFlag{"--no-progress", "no-progress", N, O, "", "", "Show no progress bar on stderr",
             "Show no progress bar on stderr."},
  GlobalFlag{"--no-session-cache", "no-session-cache", N, O, "", "",
             "Log in and out for this command only\n"
             "(also VMRUN_SESSION_CACHE=off)",
             "Log in for this command and out at its end, neither reusing nor keeping a cached "
             "session (see SESSIONS). The same as VMRUN_SESSION_CACHE=off."},
  GlobalFlag{"--help", "help", N, O, "", "", "Show this help and exit",
             "Print the help on stdout and exit 0."},
  GlobalFlag{"-?", "help", N, O, "", "", "Same as --help", "Same as --help."},
  GlobalFlag{"--version", "version", N, O, "", "", "Show the version line and exit",
             "Print the version line and exit 0."},
};

} // namespace

std::span<const std::string_view> vsphere_host_types()
{
  return k_host_types;
}

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
