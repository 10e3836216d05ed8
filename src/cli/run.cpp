// SPDX-License-Identifier: Apache-2.0

#include "cli/run.h"

#include "cli/argv.h"
#include "cli/dispatch.h"
#include "cli/display.h"
#include "cli/errors.h"
#include "cli/help.h"
#include "cli/output.h"
#include "cli/verbs.h"
#include "core/errors/faults.h"
#include "util/text.h"

#include <ostream>
#include <string>
#include <vector>

namespace vmrun::cli {

namespace {

constexpr int k_error_status = 255;

// `vmrun help [VERB]`: the full help, or one verb's usage and description (docs/behaviour.md#help).
int print_help(const std::vector<std::string>& params, std::ostream& out)
{
  if (params.empty()) {
    out << help_text();
    return 0;
  }
  const Verb* verb = find_verb(params.front());
  if (!verb) {
    throw unrecognized_command(params.front());
  }
  out << verb_help(*verb);
  return 0;
}

// Everything between argv and an exit status; errors are thrown to run().
int run_command_line(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                     OutputFormat& format)
{
  const CommandLine line = split_command_line(args);
  const GlobalOptions options = parse_global_options(line.global);
  format = options.json ? OutputFormat::json : OutputFormat::text;
  if (options.version) {
    out << version_line() << '\n';
    return 0;
  }
  if (options.help) {
    out << help_text();
    return 0;
  }
  if (!line.has_verb) {
    out << help_text();
    return k_error_status;
  }
  if (util::iequals(line.verb, "help")) {
    return print_help(line.params, out);
  }
  return dispatch(line, options, out, err);
}

} // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err)
{
  const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  OutputFormat format = OutputFormat::text;
  int status = k_error_status;
  try {
    status = run_command_line(args, out, err, format);
  } catch (const InvalidArgument& error) {
    out << one_line(error.what(), k_max_message_chars) << '\n' << help_text();
  } catch (const core::Error& error) {
    print_error(error, format, out, err);
  } catch (const transport::SoapFault& fault) {
    // Core translates faults; this is the safety net for one that slipped through.
    print_error(core::error_from_fault(fault, ""), format, out, err);
  } catch (const transport::NetError& failure) {
    print_error(core::error_from_net(failure, false), format, out, err);
  } catch (const std::exception& unexpected) {
    print_error(core::Error(core::vix::fail, "Unknown error", {},
                            std::string("vmrun: ") + unexpected.what()),
                format, out, err);
  }
  out.flush();
  err.flush();
  return status;
}

} // namespace vmrun::cli
