// SPDX-License-Identifier: Apache-2.0

// Command stock-vcsim is govmomi's simulator as it comes (what the vcsim command serves, which
// Debian's golang-github-vmware-govmomi-dev does not ship as a command): a vCenter model with
// none of vmrun-sim's extensions. The benchmark (scripts/bench.sh) lists a big inventory through
// it because its PropertyCollector ignores RetrievePropertiesEx's maxObjects and answers with
// one page, the way some servers do.
//
//	stock-vcsim -vm 50000 -latency 20ms -user U -password P -env FILE
//
// The VMs are powered on, in one cluster of one host; FILE receives VMRUN_SIM_URL, _HOST, _PORT
// and _PID like vmrun-sim's env file.
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"io/ioutil"
	"log"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/vmware/govmomi/simulator"
)

func main() {
	vms := flag.Int("vm", 2, "number of VMs")
	latency := flag.Duration("latency", 0, "added before answering each SOAP call")
	user := flag.String("user", "user", "the only accepted user name")
	password := flag.String("password", "pass", "its password")
	envFile := flag.String("env", "", "write VMRUN_SIM_* variables to this file once listening")
	flag.Parse()
	log.SetOutput(ioutil.Discard)

	model := simulator.VPX()
	model.Host, model.Cluster, model.ClusterHost, model.Pool, model.Machine = 0, 1, 1, 0, *vms
	model.DelayConfig.Delay = int(*latency / time.Millisecond)
	if err := model.Create(); err != nil {
		fatal(err)
	}
	defer model.Remove()
	model.Service.TLS = new(tls.Config)
	model.Service.Listen = &url.URL{Host: "127.0.0.1:0", User: url.UserPassword(*user, *password)}
	s := model.Service.NewServer()
	defer s.Close()
	u := *s.URL
	u.User = nil
	if *envFile != "" {
		content := fmt.Sprintf("VMRUN_SIM_URL=%s\nVMRUN_SIM_HOST=%s\nVMRUN_SIM_PORT=%s\nVMRUN_SIM_PID=%d\n",
			u.String(), u.Hostname(), u.Port(), os.Getpid())
		tmp := filepath.Join(filepath.Dir(*envFile), ".stock-vcsim-env")
		if err := ioutil.WriteFile(tmp, []byte(content), 0644); err != nil {
			fatal(err)
		}
		if err := os.Rename(tmp, *envFile); err != nil {
			fatal(err)
		}
	}
	fmt.Fprintf(os.Stderr, "stock-vcsim: %d VMs at %s; Ctrl-C to stop\n", *vms, u.String())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "stock-vcsim:", err)
	os.Exit(1)
}
