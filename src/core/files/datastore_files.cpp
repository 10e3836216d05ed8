// SPDX-License-Identifier: Apache-2.0

#include "core/files/datastore_files.h"

#include "core/errors/error.h"
#include "core/errors/faults.h"
#include "core/errors/vix_catalog.h"
#include "util/url.h"

#include <fmt/format.h>

namespace vmrun::core {

namespace {

bool unreserved(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

void check_status(const transport::HttpResponse& response, const std::string& url)
{
  if (response.status >= 200 && response.status < 300) {
    return;
  }
  if (response.status == 404) {
    throw Error(vix::file_not_found, vix_text(vix::file_not_found));
  }
  throw Error(vix::fail, fmt::format("The server answered HTTP {} for {}", response.status,
                                     util::without_query(url)));
}

// Runs one transfer, turning HTTP statuses and transport failures into vmrun errors.
template <typename Transfer>
void checked(const std::string& url, Transfer run)
{
  try {
    check_status(run(), url);
  } catch (const transport::NetError& e) {
    check_interrupted(); // a signal that broke the connection is the real cause
    throw error_from_net(e, false);
  }
}

} // namespace

std::string percent_encode(std::string_view text, bool keep_slash)
{
  std::string out;
  for (const char c : text) {
    if (unreserved(c) || (keep_slash && c == '/')) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

std::string datastore_file_url(const transport::Endpoint& endpoint, const std::string& datacenter,
                               const DatastorePath& file)
{
  return fmt::format("{}/folder/{}?dcPath={}&dsName={}", endpoint.base_url(),
                     percent_encode(file.path, true), percent_encode(datacenter, false),
                     percent_encode(file.datastore, false));
}

void download_datastore_file(Session& session, const Datacenter& datacenter,
                             const DatastorePath& file, const transport::WriteCallback& write)
{
  const auto url = datastore_file_url(session.http().endpoint(), datacenter.path, file);
  checked(url, [&] { return session.http().download(url, write); });
}

void upload_datastore_file(Session& session, const Datacenter& datacenter,
                           const DatastorePath& file, const transport::UploadBody& body)
{
  const auto url = datastore_file_url(session.http().endpoint(), datacenter.path, file);
  checked(url, [&] { return session.http().upload(url, body); });
}

} // namespace vmrun::core
