// SPDX-License-Identifier: Apache-2.0

#pragma once

// What the transport accepts from a server, whatever it sends (docs/behaviour.md#limits). Every
// command must stay under 64 MiB of memory and end in bounded time.
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace vmrun::transport {

// A SOAP reply's body read whole, both as received (compressed) and inflated. The largest
// legitimate ones are ListProcessesInGuest, which has no paging (a few thousand processes with
// long command lines: a few MB), and a big snapshot tree; listing pages are streamed (below).
// 8 MiB leaves room above them, while the reply text, its tree (k_max_xml_nodes) and the process
// itself stay under 48 MiB.
inline constexpr std::size_t k_max_reply_bytes = std::size_t{8} << 20;

// A streamed reply (the property collector's listings, XmlItemStream: docs/behaviour.md#limits)
// is read one object at a time and never held whole: what is held at once has the limits of a
// parsed reply (k_max_xml_nodes nodes, k_max_reply_bytes of text and attribute values, which is
// also the largest value), and the reply as a whole only these generous totals, as received
// and inflated. A server that ignores maxObjects answers 10,000 VMs in about 4.7 MB and 230,000
// nodes; 1 GiB is two hundred times that, and reading it takes seconds, not memory.
inline constexpr std::size_t k_max_streamed_reply_bytes = std::size_t{1} << 30;
inline constexpr std::size_t k_max_streamed_xml_nodes = 50'000'000;

// All response header lines of one reply together (libcurl alone allows 100 KiB per line).
// vSphere sends well under 1 KiB.
inline constexpr std::size_t k_max_header_bytes = std::size_t{64} << 10;

// Nodes in a parsed reply (elements, attributes, text runs, comments). libxml2's tree costs
// about 130 bytes a node, so a reply of tiny elements would grow 30-50 times its size. 100,000
// nodes (~13 MiB) is four times a 1000-object listing page (~25 nodes an object) and nearly
// twice a 5000-process listing (~11 nodes a process). Measured with the process itself (about
// 12 MiB), the reply text and the largest text the tree can hold besides: peak ~45 MiB.
inline constexpr std::size_t k_max_xml_nodes = 100'000;
// Attributes of one element, namespace declarations included: libxml2 2.9 compares each with
// every other (quadratic time). vSphere elements carry at most a handful.
inline constexpr std::size_t k_max_xml_attributes = 64;
// Namespace declarations in scope at once: libxml2 2.9 searches them linearly for every
// element. vSphere replies have under ten.
inline constexpr std::size_t k_max_xml_namespaces = 64;
// Element nesting. vSphere's deepest replies are snapshot trees (32 levels at most, plus about
// ten of envelope and property wrapping).
inline constexpr std::size_t k_max_xml_depth = 128;

// A file transfer fails as stalled when it moves less than this in any window of --timeout
// seconds.
inline constexpr std::uint64_t k_stall_bytes = 1024;

// How long cleanup calls (Logout, CancelTask) may take once the command's time is spent.
inline constexpr std::chrono::seconds k_cleanup_grace{5};

} // namespace vmrun::transport
