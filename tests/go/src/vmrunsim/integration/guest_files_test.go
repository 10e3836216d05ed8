// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// Guest files and directories (docs/behaviour.md#guest-files, docs/behaviour.md#verb-output, docs/behaviour.md#exit-status).

func TestGuestFileAndDirectoryExists(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		h.writeGuest(vmx, "/home/user/docs/a.txt", "a")
		h.g("fileExistsInGuest", vmx, "/home/user/docs/a.txt").Expect(t, 0, msgFileExists)
		h.g("fileExistsInGuest", vmx, "/home/user/docs/b.txt").Expect(t, 1, msgFileMissing)
		h.g("fileExistsInGuest", vmx, "/home/user/nodir/a.txt").Expect(t, 1, msgFileMissing)
		h.g("fileExistsInGuest", vmx, "/home/user/docs").Expect(t, 1, msgFileMissing) // a directory is not a file
		h.g("fileExistsInGuest", vmx, "/etc/hostname").Expect(t, 0, msgFileExists)
		h.g("directoryExistsInGuest", vmx, "/home/user/docs").Expect(t, 0, msgDirExists)
		h.g("directoryExistsInGuest", vmx, "/home/user/docs/").Expect(t, 0, msgDirExists)
		h.g("directoryExistsInGuest", vmx, "/tmp").Expect(t, 0, msgDirExists)
		h.g("directoryExistsInGuest", vmx, "/home/user/nodir").Expect(t, 1, msgDirMissing)
		h.g("directoryExistsInGuest", vmx, "/home/user/docs/a.txt").Expect(t, 1, msgDirMissing)
		// Names that are regular expressions must not match anything else (exact names, as for VM
		// paths: docs/behaviour.md#vm-paths).
		h.writeGuest(vmx, "/home/user/docs/x1txt", "x")
		h.g("fileExistsInGuest", vmx, "/home/user/docs/x.txt").Expect(t, 1, msgFileMissing)
		h.g("fileExistsInGuest", vmx, "/home/user/docs/A.TXT").Expect(t, 1, msgFileMissing)
	})
}

func TestGuestCreateAndDeleteDirectory(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		// Parents are created (docs/behaviour.md#guest-files).
		h.g("createDirectoryInGuest", vmx, "/home/user/x/y/z").ExpectOK(t)
		if !h.s.GuestDirExists(vmx, "/home/user/x/y/z") {
			t.Errorf("createDirectoryInGuest did not create /home/user/x/y/z")
		}
		// An existing directory.
		h.g("createDirectoryInGuest", vmx, "/home/user/x/y/z").ExpectError(t, msgAlreadyExists)
		h.g("createDirectoryInGuest", vmx, "/home/user/x").ExpectError(t, msgAlreadyExists)
		// Recursive delete (docs/behaviour.md#guest-files).
		h.writeGuest(vmx, "/home/user/x/y/file.txt", "f")
		h.g("deleteDirectoryInGuest", vmx, "/home/user/x").ExpectOK(t)
		if h.s.GuestDirExists(vmx, "/home/user/x") {
			t.Errorf("deleteDirectoryInGuest left /home/user/x")
		}
		if !h.s.GuestDirExists(vmx, "/home/user") {
			t.Errorf("deleteDirectoryInGuest removed the parent")
		}
		h.g("deleteDirectoryInGuest", vmx, "/home/user/x").ExpectError(t, msgFileNotFound)
	})
}

func TestGuestDeleteAndRenameFile(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		h.writeGuest(vmx, "/home/user/del.txt", "d")
		h.g("deleteFileInGuest", vmx, "/home/user/del.txt").ExpectOK(t)
		if h.s.GuestFileExists(vmx, "/home/user/del.txt") {
			t.Errorf("deleteFileInGuest left the file")
		}
		h.g("deleteFileInGuest", vmx, "/home/user/del.txt").ExpectError(t, msgFileNotFound)

		h.writeGuest(vmx, "/home/user/old.txt", "contents\n")
		h.g("renameFileInGuest", vmx, "/home/user/old.txt", "/home/user/new.txt").ExpectOK(t)
		if h.s.GuestFileExists(vmx, "/home/user/old.txt") {
			t.Errorf("renameFileInGuest left the old name")
		}
		h.expectGuestFile(vmx, "/home/user/new.txt", "contents\n")
		// Moves between directories too.
		h.g("renameFileInGuest", vmx, "/home/user/new.txt", "/tmp/moved.txt").ExpectOK(t)
		h.expectGuestFile(vmx, "/tmp/moved.txt", "contents\n")
		// A directory is renamed as well.
		h.writeGuest(vmx, "/home/user/dir1/f", "f")
		h.g("renameFileInGuest", vmx, "/home/user/dir1", "/home/user/dir2").ExpectOK(t)
		h.expectGuestFile(vmx, "/home/user/dir2/f", "f")
		// A missing source.
		h.g("renameFileInGuest", vmx, "/home/user/none.txt", "/home/user/x.txt").ExpectError(t, msgFileNotFound)
	})
}

func TestGuestCreateTempfile(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		r := h.g("CreateTempfileInGuest", vmx)
		p := strings.TrimSuffix(r.Stdout, "\n")
		if r.Code != 0 || strings.Count(r.Stdout, "\n") != 1 || !strings.HasPrefix(p, "/") {
			t.Fatalf("CreateTempfileInGuest: want one absolute path\n%s", r.Describe())
		}
		if !h.s.GuestFileExists(vmx, p) {
			t.Errorf("the temporary file %s does not exist in the guest", p)
		}
		r2 := h.g("CreateTempfileInGuest", vmx)
		if r2.Stdout == r.Stdout {
			t.Errorf("two temporary files with the same name %s", p)
		}
	})
}

func TestGuestListDirectory(t *testing.T) {
	forEachGuestModel(t, nil, func(h *harness) {
		vmx := h.vmPath()
		// More entries than one page (the server returns at most 50).
		for i := 0; i < 120; i++ {
			h.writeGuest(vmx, fmt.Sprintf("/home/user/many/file-%03d.txt", i), strings.Repeat("x", i))
		}
		h.must(h.s.MkdirGuest(vmx, "/home/user/many/subdir"))
		order, err := h.s.GuestListDir(vmx, "/home/user/many")
		h.must(err)
		h.s.ResetCalls()
		r := h.g("listDirectoryInGuest", vmx, "/home/user/many")
		r.Expect(t, 0, append([]string{"Directory list: 121"}, order...)...)
		if n := h.s.CallCount("ListFilesInGuest"); n < 3 {
			t.Errorf("listDirectoryInGuest made %d ListFilesInGuest calls for 123 entries in pages of 50", n)
		}
		// An empty directory, a missing one.
		h.must(h.s.MkdirGuest(vmx, "/home/user/empty"))
		h.g("listDirectoryInGuest", vmx, "/home/user/empty").Expect(t, 0, "Directory list: 0")
		h.g("listDirectoryInGuest", vmx, "/home/user/missing").ExpectError(t, msgFileNotFound)

		// --json (docs/behaviour.md#json).
		h.writeGuest(vmx, "/home/user/small/a.txt", "twelve bytes")
		h.must(h.s.MkdirGuest(vmx, "/home/user/small/d"))
		r = h.g("--json", "listDirectoryInGuest", vmx, "/home/user/small")
		var doc struct {
			Count   int `json:"count"`
			Entries []struct {
				Name string `json:"name"`
				Type string `json:"type"`
				Size int64  `json:"size"`
			} `json:"entries"`
		}
		if err := json.Unmarshal([]byte(r.Stdout), &doc); err != nil || r.Code != 0 || doc.Count != 2 || len(doc.Entries) != 2 {
			t.Fatalf("--json listDirectoryInGuest: %v\n%s", err, r.Describe())
		}
		for _, e := range doc.Entries {
			if e.Name == "a.txt" && (e.Type != "file" || e.Size != 12) || e.Name == "d" && e.Type != "directory" {
				t.Errorf("--json entry %+v", e)
			}
		}
	})
}
