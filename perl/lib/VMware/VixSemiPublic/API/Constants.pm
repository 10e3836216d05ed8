# SPDX-License-Identifier: Apache-2.0
# Stub of VMware's internal "semi-public" constants, so that code loading it compiles
# (docs/perl.md#semi-public): only names VMware::Vix::API::Constants does not have, so that
# importing both into one package redefines nothing.
package VMware::VixSemiPublic::API::Constants;
use strict;
use warnings;
use Exporter 'import';

use constant { VIX_REQUESTMSG_TOOLS_UPGRADE_ONLY => 1 };

our @EXPORT = qw(VIX_REQUESTMSG_TOOLS_UPGRADE_ONLY);

1;
