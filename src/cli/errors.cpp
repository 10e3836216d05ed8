// SPDX-License-Identifier: Apache-2.0

#include "cli/errors.h"

namespace vmrun::cli {

core::Error invalid_parameters(std::string hint)
{
  return core::Error(core::vix::invalid_arg, "One of the parameters was invalid", {},
                     std::move(hint));
}

core::Error not_supported()
{
  return core::Error(core::vix::not_supported,
                     "The operation is not supported for the specified parameters");
}

core::Error provider_not_found(std::string hint)
{
  return core::Error(core::vix::fail, "The specified service provider was not found", {},
                     std::move(hint));
}

core::Error unrecognized_command(std::string_view token)
{
  return core::Error(core::vix::invalid_arg, "Unrecognized command: " + std::string(token), {},
                     "vmrun: run 'vmrun help' for the list of commands");
}

core::Error host_required()
{
  return core::Error(core::vix::invalid_arg, "A host name is required for this operation", {},
                     "vmrun: give the ESXi or vCenter host with -h or VMRUN_HOST");
}

core::Error user_required(std::string hint)
{
  return core::Error(core::vix::authentication_fail, "A user name is required for this operation",
                     {}, std::move(hint));
}

core::Error password_required(std::string hint)
{
  return core::Error(core::vix::authentication_fail, "A password is required for this operation",
                     {}, std::move(hint));
}

} // namespace vmrun::cli
