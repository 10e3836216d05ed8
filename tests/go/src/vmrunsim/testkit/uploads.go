// SPDX-License-Identifier: Apache-2.0

package testkit

import (
	"bytes"
	"path"
	"reflect"
	"testing"

	"vmrunsim/hostile"
)

// CheckUploads asserts that every PUT body the hostile proxy read was the file from offset 0 (an
// upload sent again starts over), and their lengths.
func CheckUploads(t *testing.T, uploads []hostile.Upload, file []byte, lengths []int64) {
	t.Helper()
	var got []int64
	for i, u := range uploads {
		got = append(got, u.Length)
		if !u.StartsFile(file) {
			t.Errorf("PUT %d: its %d bytes are not the file's first %d bytes", i+1, u.Length, u.Length)
		}
	}
	if !reflect.DeepEqual(got, lengths) {
		t.Errorf("PUT bodies of %v bytes, want %v", got, lengths)
	}
}

// GuestFiles reads a simulated guest's files.
type GuestFiles interface {
	ReadGuestFile(vmx, p string) ([]byte, error)
	GuestListDir(vmx, dir string) ([]string, error)
}

// CheckGuestUpload asserts the guest file's contents and that nothing else is in its directory
// (no temporary of an upload that failed).
func CheckGuestUpload(t *testing.T, s GuestFiles, vmx, guestPath string, want []byte) {
	t.Helper()
	got, err := s.ReadGuestFile(vmx, guestPath)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("the guest file holds %d bytes (%v), want %d: the upload left it corrupt", len(got), err, len(want))
	}
	names, err := s.GuestListDir(vmx, path.Dir(guestPath))
	if err != nil || !reflect.DeepEqual(names, []string{path.Base(guestPath)}) {
		t.Errorf("the guest directory holds %v (%v), want only %s", names, err, path.Base(guestPath))
	}
}
