# SPDX-License-Identifier: Apache-2.0
# Stub of VMware's internal "semi-public" VM functions (docs/perl.md#semi-public): the two that are
# known to be called return no job (VIX_INVALID_HANDLE), so the caller's Job::Wait gets the
# library's error for an invalid handle.
package VMware::VixSemiPublic::API::VM;
use strict;
use warnings;
use VMware::Vix::Simple ();
use VMware::Vix::API::Constants ();

sub ConnectNamedDevice     { return VMware::Vix::API::Constants::VIX_INVALID_HANDLE() }
sub IsNamedDeviceConnected { return VMware::Vix::API::Constants::VIX_INVALID_HANDLE() }

1;
