# SPDX-License-Identifier: Apache-2.0
# The manual pages of VMware::Vix::Simple, ::API::Constants and ::API::API (perldoc): well-formed
# POD, and an entry for every function Simple exports, so the two cannot drift apart.
use strict;
use warnings;
use Test::More;
use Pod::Checker;
use VMware::Vix::Simple;
use VMware::Vix::API::API;

open(my $null, '>', '/dev/null') or die "/dev/null: $!";
for my $module (qw(VMware/Vix/Simple.pm VMware/Vix/API/Constants.pm VMware/Vix/API/API.pm)) {
  my $checker = Pod::Checker->new(-warnings => 2);
  $checker->parse_from_file($INC{$module}, $null);
  is($checker->num_errors, 0, "$module: POD without errors");
  is($checker->num_warnings, 0, "$module: POD without warnings");
}

my $file = $INC{'VMware/Vix/Simple.pm'};
open(my $fh, '<', $file) or die "$file: $!";
my %documented;
while (my $line = <$fh>) {
  $documented{$1} = 1 if $line =~ /^=item (\w+)\(/;
}
for my $name (@VMware::Vix::Simple::EXPORT) {
  ok($documented{$name}, "$name has its entry");
}
is(scalar(keys %documented), scalar(@VMware::Vix::Simple::EXPORT), 'no entry for anything else');
done_testing();
