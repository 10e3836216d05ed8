// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// --json (docs/behaviour.md#json): one JSON document on stdout, parsed
// here with encoding/json; the field names are the documented ones (unknown fields fail).

type jsonVMList struct {
	Count int      `json:"count"`
	VMs   []string `json:"vms"`
}

type jsonError struct {
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// decodeStrict parses stdout as exactly one JSON document on one line into v, rejecting
// unknown fields.
func decodeStrict(t *testing.T, r result, v interface{}) {
	t.Helper()
	if strings.Count(r.Stdout, "\n") != 1 || !strings.HasSuffix(r.Stdout, "\n") {
		t.Fatalf("--json output is not one line\n%s", r.Describe())
	}
	dec := json.NewDecoder(strings.NewReader(r.Stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("--json output does not parse: %v\n%s", err, r.Describe())
	}
	if dec.More() {
		t.Fatalf("--json output holds more than one document\n%s", r.Describe())
	}
	if !json.Valid([]byte(r.Stdout)) {
		t.Fatalf("--json output is not valid JSON\n%s", r.Describe())
	}
}

func (h *harness) runJSON(verbArgs ...string) result {
	h.t.Helper()
	return h.vmrun(append(h.conn("--insecure", "--json"), verbArgs...)...)
}

func TestJSONListings(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		check := func(verb, header string, want []string) {
			t.Helper()
			r := h.runJSON(verb)
			if r.Code != 0 || r.Stderr != "" {
				t.Fatalf("want exit 0 and no stderr\n%s", r.Describe())
			}
			var got jsonVMList
			decodeStrict(t, r, &got)
			if got.Count != len(want) || fmt.Sprint(got.VMs) != fmt.Sprint(want) {
				t.Errorf("%s --json: got %+v, want %d VMs %v", verb, got, len(want), want)
			}
			// Keys in the documented order; an empty list is [], never null.
			if !strings.HasPrefix(r.Stdout, `{"count": `) || !strings.Contains(r.Stdout, `, "vms": [`) {
				t.Errorf("%s --json: keys not in the documented order: %s", verb, r.Stdout)
			}
			// The text output is unchanged by the existence of --json.
			text := h.run(verb)
			text.Expect(t, 0, append([]string{fmt.Sprintf("%s%d", header, len(want))}, want...)...)
		}
		check("list", "Total running VMs: ", h.s.RunningVMPaths())
		check("listRegisteredVM", "Total registered VMs: ", h.s.VMPaths())

		// Power everything off: list is empty, listRegisteredVM is not.
		for _, p := range h.s.RunningVMPaths() {
			h.must(h.s.PowerOff(p))
		}
		check("list", "Total running VMs: ", []string{})
		if r := h.runJSON("list"); r.Stdout != "{\"count\": 0, \"vms\": []}\n" {
			t.Errorf("empty list --json: %q", r.Stdout)
		}
		check("LISTREGISTEREDVM", "Total registered VMs: ", h.s.VMPaths())
	})
}

func TestJSONErrors(t *testing.T) {
	forEachModel(t, nil, func(h *harness) {
		t := h.t
		expectJSONError := func(r result, code int, message string) {
			t.Helper()
			if r.Code != 255 {
				t.Errorf("want exit 255\n%s", r.Describe())
			}
			var got jsonError
			decodeStrict(t, r, &got)
			if (code != 0 && got.Error.Code != code) || got.Error.Code == 0 || got.Error.Message != message {
				t.Errorf("got %+v, want code %d message %q\n%s", got.Error, code, message, r.Describe())
			}
			if !strings.HasPrefix(r.Stdout, `{"error": {"code": `) {
				t.Errorf("keys not in the documented order: %s", r.Stdout)
			}
		}

		// A vSphere-side error: VIX_E_VM_NOT_FOUND (4000).
		unknown := "[LocalDS_0] no-such-vm/no-such-vm.vmx"
		expectJSONError(h.runJSON("start", unknown), 4000,
			strings.TrimPrefix(msgCannotOpen(unknown), "Error: "))

		// Text that needs escaping survives the round trip.
		odd := `[LocalDS_0] we"ird\path/tab	ü.vmx`
		expectJSONError(h.runJSON("stop", odd), 4000, strings.TrimPrefix(msgCannotOpen(odd), "Error: "))

		// Login failure: the reason alone (the "Unable to connect" line is text mode's).
		bad := h.vmrun("-T", h.model, "-h", h.hostArg(), "-u", testUser, "-p", "wrong-password",
			"--insecure", "--json", "list")
		expectJSONError(bad, 0, strings.TrimPrefix(msgBadLogin, "Error: "))
		if strings.Contains(bad.Stdout, msgUnableToConnect) {
			t.Errorf("text preamble in JSON output: %s", bad.Stdout)
		}

		// Usage errors: the usage line still goes to stderr (VIX_E_INVALID_ARG = 3).
		usage := h.runJSON("stop")
		expectJSONError(usage, 3, strings.TrimPrefix(msgInvalidParams, "Error: "))
		if !strings.HasPrefix(usage.Stderr, "Usage: vmrun stop ") {
			t.Errorf("usage line missing on stderr\n%s", usage.Describe())
		}
		expectJSONError(h.runJSON("bogusVerb"), 0, strings.TrimPrefix(msgUnrecognized("bogusVerb"), "Error: "))
		expectJSONError(h.runJSON("pause", h.vmPath()), 0, strings.TrimPrefix(msgNotSupported, "Error: "))
	})
}

// Every documented field name appears in the man page's JSON OUTPUT section.
func TestJSONFieldsDocumented(t *testing.T) {
	page, err := readRepoFile("man/vmrun.1")
	if err != nil {
		t.Fatal(err)
	}
	start := bytes.Index(page, []byte(".SH JSON OUTPUT"))
	end := bytes.Index(page, []byte(".SH EXIT STATUS"))
	if start < 0 || end < start {
		t.Fatal("man/vmrun.1 has no JSON OUTPUT section before EXIT STATUS")
	}
	section := string(page[start:end])
	for _, field := range []string{"count", "vms", "snapshots", "name", "path", "depth", "current",
		"processes", "pid", "owner", "cmd", "entries", "type", "size", "ip", "state", "value",
		"error", "code", "message"} {
		if !strings.Contains(section, `"`+field+`":`) {
			t.Errorf("man page JSON OUTPUT does not show the field %q", field)
		}
	}
}
