// SPDX-License-Identifier: Apache-2.0

package sim

import (
	"bytes"
	"context"
	"io/ioutil"
	"reflect"
	"testing"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/types"
)

// The console methods over the wire (the in-process client bypasses the SOAP hooks).
func TestConsoleMethods(t *testing.T) {
	forEachModel(t, func(t *testing.T, model string) {
		s := start(t, Config{Model: model})
		c, err := login(t, s, "root", "Sup3r secret")
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		info, err := s.Lookup(s.DefaultVMName())
		if err != nil {
			t.Fatal(err)
		}
		vm := object.NewVirtualMachine(c.Client, info.Ref)

		// PutUsbScanCodes: events in the documented encoding are injected and counted.
		yes := true
		n, err := vm.PutUsbScanCodes(ctx, types.UsbScanCodeSpec{KeyEvents: []types.UsbScanCodeSpecKeyEvent{
			{UsbHidCode: 0x04<<16 | 7},
			{UsbHidCode: 0x04 << 16}, // no "| 7": not injected
			{UsbHidCode: 0x04<<16 | 7, Modifiers: &types.UsbScanCodeSpecModifierType{LeftShift: &yes}},
		}})
		if err != nil || n != 2 {
			t.Fatalf("PutUsbScanCodes: %d, %v; want 2", n, err)
		}
		want := []KeyEvent{{Code: 0x04<<16 | 7, Usage: 4}, {Code: 0x04<<16 | 7, Usage: 4, Shift: true, Modifiers: []string{"leftShift"}}}
		if got := s.Keystrokes(info.Path); !reflect.DeepEqual(got, want) {
			t.Errorf("Keystrokes: %+v, want %+v", got, want)
		}

		// CreateScreenshot_Task: the result is the PNG's datastore path, next to the VM.
		task, err := consoleScreenshotTask(ctx, c.Client, vm)
		if err != nil {
			t.Fatal(err)
		}
		res, err := task.WaitForResult(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		path, _ := res.Result.(string)
		if wantPath := "[LocalDS_0] " + info.Name + "/" + info.Name + "-1.png"; path != wantPath {
			t.Errorf("screenshot path %q, want %q", path, wantPath)
		}
		local, err := s.DatastorePath(path)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := ioutil.ReadFile(local)
		img, _ := ScreenPNG(info.Path)
		if !bytes.Equal(got, img) {
			t.Errorf("the saved PNG (%d bytes) is not ScreenPNG (%d bytes)", len(got), len(img))
		}
		other, _ := ScreenPNG(info.Path + "x")
		if bytes.Equal(other, img) {
			t.Errorf("two VMs have the same screen")
		}

		// Device labels as a real host shows them.
		for _, label := range []string{"CD/DVD drive 1", "Network adapter 1", "Hard disk 1", "SCSI controller 0"} {
			if _, err := s.Device(info.Path, label); err != nil {
				t.Error(err)
			}
		}

		// Powered off: both refuse with InvalidPowerState.
		if err := s.PowerOff(info.Path); err != nil {
			t.Fatal(err)
		}
		if _, err := vm.PutUsbScanCodes(ctx, types.UsbScanCodeSpec{KeyEvents: []types.UsbScanCodeSpecKeyEvent{{UsbHidCode: 0x04<<16 | 7}}}); faultOf(err) != "InvalidPowerState" {
			t.Errorf("PutUsbScanCodes on a powered-off VM: %v", err)
		}
		task, err = consoleScreenshotTask(ctx, c.Client, vm)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := task.WaitForResult(ctx, nil); err == nil {
			t.Errorf("CreateScreenshot_Task succeeded on a powered-off VM")
		}
		if len(s.Screenshots(info.Path)) != 1 {
			t.Errorf("screenshots: %v", s.Screenshots(info.Path))
		}
	})
}

func consoleScreenshotTask(ctx context.Context, c *vim25.Client, vm *object.VirtualMachine) (*object.Task, error) {
	res, err := methods.CreateScreenshot_Task(ctx, c, &types.CreateScreenshot_Task{This: vm.Reference()})
	if err != nil {
		return nil, err
	}
	return object.NewTask(c, res.Returnval), nil
}
