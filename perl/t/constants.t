# SPDX-License-Identifier: Apache-2.0
# VMware::Vix::API::Constants: one constant sub per integer VIX_* enumerator of vix.h, exported
# by default, and the same names in the VMware::Vix::Simple package.
use strict;
use warnings;
use Test::More;
use VMware::Vix::Simple;
use VMware::Vix::API::Constants;

# The header's enumerators, counted here independently of perl/gen_constants.pl.
my $header = $ENV{VIX_TEST_HEADER} or BAIL_OUT('VIX_TEST_HEADER is not set');
open(my $fh, '<', $header) or BAIL_OUT("$header: $!");
my %in_header;
while (my $line = <$fh>) {
  $line =~ s{/\*.*?\*/}{}g;
  $in_header{$1} = 1 while $line =~ /\b(VIX_\w+)\s*=\s*-?(?:0x[0-9a-fA-F]+|\d+)/g;
}
close $fh;

my @exported = @VMware::Vix::API::Constants::EXPORT;
is(scalar(@exported), 400, '400 constants exported');
is(scalar(keys %in_header), 400, '400 integer VIX_ enumerators in vix.h');
is_deeply([sort @exported], [sort keys %in_header], 'exactly the header\'s names');

# Exact values, signed ones included, and names the 1.11 header dropped.
my @expected = (
  [VIX_OK => 0], [VIX_API_VERSION => -1], [VIX_INVALID_HANDLE => 0], [VIX_E_FAIL => 1],
  [VIX_E_INVALID_HANDLE => 1000], [VIX_E_VM_NOT_RUNNING => 3006],
  [VIX_E_UNRECOGNIZED_PROPERTY => 6000], [VIX_SERVICEPROVIDER_VMWARE_VI_SERVER => 10],
  [VIX_POWERSTATE_POWERED_ON => 0x0008], [VIX_POWERSTATE_TOOLS_RUNNING => 0x0040],
  [VIX_PROPERTY_VM_POWER_STATE => 129], [VIX_PROPERTY_VM_IS_REPLAYING => 237],
  [VIX_VMPOWEROP_LAUNCH_GUI => 0x0200], [VIX_CAPTURESCREENFORMAT_PNG => 1],
);
for my $pair (@expected) {
  my ($name, $value) = @$pair;
  is(VMware::Vix::API::Constants->can($name)->(), $value, "$name = $value");
}
is(VIX_POWERSTATE_PAUSED(), 0x0200, 'callable with ()');
is(VIX_FIND_RUNNING_VMS | VIX_FIND_REGISTERED_VMS, 5, 'combinable with |');

is(VMware::Vix::Simple::VIX_OK(), 0, 'VMware::Vix::Simple::VIX_OK');
is(VMware::Vix::Simple::VIX_API_VERSION(), -1, 'VMware::Vix::Simple::VIX_API_VERSION');
is(VMware::Vix::Simple::VIX_SERVICEPROVIDER_VMWARE_SERVER(), 2, 'in the Simple package');
ok(defined(prototype('VMware::Vix::API::Constants::VIX_OK'))
    && prototype('VMware::Vix::API::Constants::VIX_OK') eq '', 'constant subs have an empty prototype');

# Simple exports its functions by default, not the constants (they come from Constants).
is(scalar(@VMware::Vix::Simple::EXPORT), 67, 'all 67 Simple functions');
for my $name (@VMware::Vix::Simple::EXPORT) {
  ok(defined(&{"VMware::Vix::Simple::$name"}), "$name is defined");
}
ok(!grep({ /^VIX_/ } @VMware::Vix::Simple::EXPORT), 'no constant in Simple\'s export list');

done_testing();
