// SPDX-License-Identifier: Apache-2.0

// Command bench-govmomi is the govmomi peer of vmrun's benchmark (scripts/bench.sh): the same
// operations written the natural govmomi way, one process per operation as govc runs, with
// govmomi's session cache (session/cache, what govc uses by default: a session saved under
// $HOME/.govmomi/sessions is reused while it is valid).
//
//	bench-govmomi -url https://127.0.0.1:PORT/sdk -user U -password P list
//	bench-govmomi ... start '[LocalDS_0] vm/vm.vmx'
//	bench-govmomi ... stop  '[LocalDS_0] vm/vm.vmx'
//	bench-govmomi ... clone '[LocalDS_0] vm/vm.vmx' SNAPSHOT NAME
//	bench-govmomi ... -guest-user U -guest-password P transfer-url to   VMX GUEST_PATH SIZE
//	bench-govmomi ... -guest-user U -guest-password P transfer-url from VMX GUEST_PATH
//
// list prints the running VMs' vmx paths like vmrun list; clone makes a linked clone NAME of
// the VM's snapshot SNAPSHOT beside it (CloneVM_Task, as govc vm.clone -link -snapshot does);
// transfer-url prints a guest file
// transfer URL (host filled in), for timing a plain HTTP client on the same transfer.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/guest"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/session/cache"
	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

func main() {
	rawURL := flag.String("url", "", "https://HOST:PORT/sdk")
	user := flag.String("user", "", "user name")
	password := flag.String("password", os.Getenv("BENCH_PASSWORD"), "password (default $BENCH_PASSWORD)")
	guestUser := flag.String("guest-user", "", "guest user name (transfer-url)")
	guestPassword := flag.String("guest-password", "", "guest password (transfer-url)")
	flag.Parse()
	if *rawURL == "" || flag.NArg() < 1 {
		fatal(errors.New("usage: bench-govmomi -url URL -user U -password P list|start VMX|stop VMX|transfer-url to|from VMX PATH [SIZE]"))
	}
	u, err := url.Parse(*rawURL)
	if err != nil {
		fatal(err)
	}
	u.User = url.UserPassword(*user, *password)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	c := new(vim25.Client)
	if err := (&cache.Session{URL: u, Insecure: true}).Login(ctx, c, nil); err != nil {
		fatal(err)
	}

	args := flag.Args()
	switch {
	case args[0] == "list" && len(args) == 1:
		err = list(ctx, c)
	case args[0] == "start" && len(args) == 2:
		err = power(ctx, c, args[1], true)
	case args[0] == "stop" && len(args) == 2:
		err = power(ctx, c, args[1], false)
	case args[0] == "clone" && len(args) == 4:
		err = linkedClone(ctx, c, args[1], args[2], args[3])
	case args[0] == "transfer-url" && len(args) >= 4:
		auth := &types.NamePasswordAuthentication{Username: *guestUser, Password: *guestPassword}
		err = transferURL(ctx, c, auth, args[1], args[2], args[3], args[4:])
	default:
		err = fmt.Errorf("unknown operation %q", args)
	}
	if err != nil {
		fatal(err)
	}
}

// list prints the powered-on VMs' vmx paths, read through a container view.
func list(ctx context.Context, c *vim25.Client) error {
	v, err := view.NewManager(c).CreateContainerView(ctx, c.ServiceContent.RootFolder, []string{"VirtualMachine"}, true)
	if err != nil {
		return err
	}
	defer func() { _ = v.Destroy(ctx) }()
	var vms []mo.VirtualMachine
	filter := property.Filter{"runtime.powerState": types.VirtualMachinePowerStatePoweredOn}
	if err := v.RetrieveWithFilter(ctx, []string{"VirtualMachine"}, []string{"config.files.vmPathName", "runtime.powerState"}, &vms, filter); err != nil {
		return err
	}
	fmt.Printf("Total running VMs: %d\n", len(vms))
	for _, vm := range vms {
		if vm.Config != nil {
			fmt.Println(vm.Config.Files.VmPathName)
		}
	}
	return nil
}

// findVM looks a VM up by its datastore path in the default datacenter, as govc -vm.path does.
func findVM(ctx context.Context, c *vim25.Client, vmx string) (*object.VirtualMachine, error) {
	dc, err := find.NewFinder(c, false).DefaultDatacenter(ctx)
	if err != nil {
		return nil, err
	}
	ref, err := object.NewSearchIndex(c).FindByDatastorePath(ctx, dc, vmx)
	if err != nil {
		return nil, err
	}
	if ref == nil {
		return nil, fmt.Errorf("no VM at %s", vmx)
	}
	return ref.(*object.VirtualMachine), nil
}

func power(ctx context.Context, c *vim25.Client, vmx string, on bool) error {
	vm, err := findVM(ctx, c, vmx)
	if err != nil {
		return err
	}
	var task *object.Task
	if on {
		task, err = vm.PowerOn(ctx)
	} else {
		task, err = vm.PowerOff(ctx)
	}
	if err != nil {
		return err
	}
	return task.Wait(ctx)
}

// linkedClone clones the VM's snapshot into a child disk backing, in the datacenter's VM folder
// and the source's resource pool, powered off.
func linkedClone(ctx context.Context, c *vim25.Client, vmx, snapshot, name string) error {
	vm, err := findVM(ctx, c, vmx)
	if err != nil {
		return err
	}
	snap, err := vm.FindSnapshot(ctx, snapshot)
	if err != nil {
		return err
	}
	pool, err := vm.ResourcePool(ctx)
	if err != nil {
		return err
	}
	dc, err := find.NewFinder(c, false).DefaultDatacenter(ctx)
	if err != nil {
		return err
	}
	folders, err := dc.Folders(ctx)
	if err != nil {
		return err
	}
	poolRef := pool.Reference()
	spec := types.VirtualMachineCloneSpec{
		Location: types.VirtualMachineRelocateSpec{
			Pool:         &poolRef,
			DiskMoveType: string(types.VirtualMachineRelocateDiskMoveOptionsCreateNewChildDiskBacking),
		},
		Snapshot: snap,
	}
	task, err := vm.Clone(ctx, folders.VmFolder, name, spec)
	if err != nil {
		return err
	}
	return task.Wait(ctx)
}

func transferURL(ctx context.Context, c *vim25.Client, auth types.BaseGuestAuthentication, dir, vmx, guestPath string, rest []string) error {
	vm, err := findVM(ctx, c, vmx)
	if err != nil {
		return err
	}
	fm, err := guest.NewOperationsManager(c, vm.Reference()).FileManager(ctx)
	if err != nil {
		return err
	}
	var raw string
	switch {
	case dir == "to" && len(rest) == 1:
		size, err := strconv.ParseInt(rest[0], 10, 64)
		if err != nil {
			return err
		}
		raw, err = fm.InitiateFileTransferToGuest(ctx, auth, guestPath, &types.GuestPosixFileAttributes{}, size, true)
		if err != nil {
			return err
		}
	case dir == "from" && len(rest) == 0:
		info, err := fm.InitiateFileTransferFromGuest(ctx, auth, guestPath)
		if err != nil {
			return err
		}
		raw = info.Url
	default:
		return errors.New("transfer-url to VMX PATH SIZE | transfer-url from VMX PATH")
	}
	tu, err := fm.TransferURL(ctx, raw)
	if err != nil {
		return err
	}
	fmt.Println(tu.String())
	return nil
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "bench-govmomi:", err)
	os.Exit(1)
}
