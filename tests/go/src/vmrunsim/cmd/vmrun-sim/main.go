// SPDX-License-Identifier: Apache-2.0

// Command vmrun-sim runs the vmrunsim simulator (an ESXi host or a vCenter) until SIGINT/SIGTERM,
// for demos and manual testing of vmrun.
//
//	vmrun-sim -model esx -user root -password secret -env /tmp/sim.env [-listen 127.0.0.1:8989] [-trace soap.log]
//	vmrun-sim -model esx -latency 20ms -vms 10000 -control 127.0.0.1:0 -env /tmp/sim.env   (benchmarks)
//
// -latency delays every API round trip (SOAP call, GET /sdk/vimServiceVersions.xml) by that much;
// -vms sets how many VMs the inventory holds (default: the model's 2 on ESX, 4 on VC); -control
// serves SOAP call counts over plain HTTP on that address (control.go).
//
// Once listening it writes the env file atomically (temporary file + rename):
//
//	VMRUN_SIM_URL=https://127.0.0.1:PORT/sdk
//	VMRUN_SIM_HOST=127.0.0.1
//	VMRUN_SIM_PORT=PORT
//	VMRUN_SIM_SHA1=AA:BB:...
//	VMRUN_SIM_SHA256=AA:BB:...
//	VMRUN_SIM_PID=PID
//	VMRUN_SIM_CONTROL=http://127.0.0.1:PORT   (with -control)
package main

import (
	"flag"
	"fmt"
	"io"
	"io/ioutil"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"vmrunsim/sim"
)

func main() {
	model := flag.String("model", "esx", "esx (standalone ESXi host) or vc (vCenter)")
	user := flag.String("user", "user", "the only accepted user name")
	password := flag.String("password", "pass", "its password")
	listen := flag.String("listen", "", "listen address 127.0.0.1:PORT (default: an ephemeral port)")
	traceFile := flag.String("trace", "", "append a SOAP trace to this file")
	envFile := flag.String("env", "", "write VMRUN_SIM_* variables to this file once listening")
	toolsDelay := flag.Duration("tools-delay", 0, "time from power-on until VMware Tools run")
	shutdownDelay := flag.Duration("shutdown-delay", 2*time.Second, "time a guest shutdown takes")
	guestUser := flag.String("guest-user", "user", "the guest OS user name")
	guestPassword := flag.String("guest-password", "userpw", "its password")
	ipDelay := flag.Duration("ip-delay", 0, "time from Tools start until the guest reports an IP address")
	latency := flag.Duration("latency", 0, "added before answering each API round trip (e.g. 20ms)")
	vms := flag.Int("vms", 0, "number of VMs in the inventory (0: the model's default)")
	noPaging := flag.Bool("no-paging", false, "answer RetrievePropertiesEx in one reply, ignoring maxObjects (as stock vcsim 0.24)")
	control := flag.String("control", "", "serve SOAP call counts over plain HTTP on this address (e.g. 127.0.0.1:0)")
	verbose := flag.Bool("v", false, "keep the simulator's own log on stderr")
	flag.Parse()

	if !*verbose {
		log.SetOutput(ioutil.Discard)
	}
	cfg := sim.Config{
		Model: *model, User: *user, Password: *password, Listen: *listen,
		ToolsDelay: *toolsDelay, ShutdownDelay: *shutdownDelay,
		GuestUser: *guestUser, GuestPassword: *guestPassword, GuestIPDelay: *ipDelay,
		Latency: *latency, VMs: *vms, IgnoreMaxObjects: *noPaging,
	}
	if *traceFile != "" {
		f, err := os.OpenFile(*traceFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0600)
		if err != nil {
			fatal(err)
		}
		defer f.Close()
		cfg.Trace = f
	}
	s, err := sim.Start(cfg)
	if err != nil {
		fatal(err)
	}
	// Real vmx and disk files instead of vcsim's empty placeholders, so that clones work.
	if err := s.WriteVMFiles(); err != nil {
		s.Close()
		fatal(err)
	}
	controlURL := ""
	if *control != "" {
		ln, err := net.Listen("tcp", *control)
		if err != nil {
			s.Close()
			fatal(err)
		}
		controlURL = "http://" + ln.Addr().String()
		go func() { _ = http.Serve(ln, controlHandler(s)) }()
	}
	if *envFile != "" {
		if err := writeEnv(*envFile, s, controlURL); err != nil {
			s.Close()
			fatal(err)
		}
	}
	fmt.Fprintf(os.Stderr, "vmrun-sim: %s model at %s (SHA256 %s); Ctrl-C to stop\n", s.Model, s.URL, s.ThumbprintSHA256)

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
	s.Close()
	if *envFile != "" {
		_ = os.Remove(*envFile)
	}
}

func writeEnv(path string, s *sim.Sim, controlURL string) error {
	tmp, err := ioutil.TempFile(filepath.Dir(path), ".vmrun-sim-env-")
	if err != nil {
		return err
	}
	content := fmt.Sprintf("VMRUN_SIM_URL=%s\nVMRUN_SIM_HOST=%s\nVMRUN_SIM_PORT=%d\nVMRUN_SIM_SHA1=%s\nVMRUN_SIM_SHA256=%s\nVMRUN_SIM_PID=%d\n",
		s.URL, s.Host, s.Port, s.ThumbprintSHA1, s.ThumbprintSHA256, os.Getpid())
	if controlURL != "" {
		content += "VMRUN_SIM_CONTROL=" + controlURL + "\n"
	}
	if _, err := io.WriteString(tmp, content); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "vmrun-sim:", err)
	os.Exit(1)
}
