// SPDX-License-Identifier: Apache-2.0

// vmrun's VM paths, "[datastore] dir/vm.vmx" and "[dc/datastore] ..." (core/vsphere
// datastore_path.h parse_datastore_path), and the datastore file URL built from one
// (core/files datastore_files.h datastore_file_url, percent_encode).
#include "core/files/datastore_files.h"
#include "core/vsphere/datastore_path.h"
#include "fuzz_support.h"

using namespace vmrun;

namespace {

bool url_safe(std::string_view encoded)
{
  return encoded.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                   "0123456789-._~%/") == std::string_view::npos;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text = fuzz::as_text(data, size);
  const auto parsed = core::parse_datastore_path(text);
  if (!parsed) {
    return 0;
  }
  fuzz::require(!parsed->datastore.empty() && !parsed->path.empty(), "both parts are present");
  fuzz::require(parsed->datastore.find_first_of("/]") == std::string::npos,
                "a datastore name holds neither '/' nor ']'");
  const auto again = core::parse_datastore_path(parsed->server_form());
  fuzz::require(again && again->datacenter.empty() && again->datastore == parsed->datastore &&
                  again->path == parsed->path,
                "the server form parses back to the same datastore and path");

  const transport::Endpoint endpoint{"esx.example.com", 443};
  const std::string url = core::datastore_file_url(endpoint, parsed->datacenter, *parsed);
  fuzz::require(url.starts_with("https://esx.example.com:443/folder/"), "the URL's base");
  fuzz::require(url_safe(core::percent_encode(text, true)), "percent_encode leaves no raw byte");
  fuzz::require(core::percent_encode(text, false).find('/') == std::string::npos,
                "percent_encode encodes '/' unless asked to keep it");
  return 0;
}
