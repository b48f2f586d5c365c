#!/usr/bin/perl
# qemu-monitor.pl SOCKET COMMAND: send one HMP command to a QEMU monitor
# listening on a unix socket (scripts/lab run --monitor SOCKET) and print
# the reply. Exit 1 when the monitor answers with an error. Perl, because
# perl-base is on every Debian system and has unix sockets.
use strict;
use warnings;
use IO::Socket::UNIX;
use IO::Select;

my ($path, $cmd) = @ARGV;
die "usage: qemu-monitor.pl SOCKET COMMAND\n" unless defined $cmd;
my $s;
for (1 .. 50) {
	$s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $path) and last;
	select(undef, undef, undef, 0.1);
}
die "qemu-monitor: cannot connect to $path: $!\n" unless $s;
my $sel = IO::Select->new($s);

sub reply {
	my ($timeout) = @_;
	my $buf = '';
	while ($sel->can_read($timeout)) {
		my $n = sysread($s, my $chunk, 4096);
		last unless $n;
		$buf .= $chunk;
		last if $buf =~ /\(qemu\) $/;
	}
	return $buf;
}

reply(5);
print $s "$cmd\n";
my $r = reply(10);
$r =~ s/\e\[[0-9;]*[A-Za-z]//g;
$r =~ s/\r//g;
print $r, "\n";
exit($r =~ /Error|not found|unknown command/i ? 1 : 0);
