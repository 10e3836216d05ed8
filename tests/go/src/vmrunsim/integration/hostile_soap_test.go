// SPDX-License-Identifier: Apache-2.0

package integration

import (
	"bytes"
	"io/ioutil"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"vmrunsim/hostile"
)

// Hostile replies to the calls of `vmrun list`: GET /sdk/vimServiceVersions.xml,
// RetrieveServiceContent and Login (while connecting: "Unable to connect to host." first),
// RetrievePropertiesEx (after login), Logout (after the listing is printed).

func hostileOn(method string, do hostile.Sabotage) []hostile.Rule {
	return []hostile.Rule{{Method: method, Do: do}}
}

func hostileOnPath(path string, do hostile.Sabotage) []hostile.Rule {
	return []hostile.Rule{{Path: path, Do: do}}
}

const hostileVersionsPath = "/sdk/vimServiceVersions.xml"

// hostileFaultCases: server text in a faultstring (a SystemError after login, so "Error: <text>").
// XML 1.0 cannot carry C0 controls (tab, LF and CR aside) or invalid UTF-8: a fault that has them
// raw is not well-formed XML, and reporting that HTTP 500 by its status (as for an HTML error page
// with 500) meets the rules as well as printing the text escaped does; those cases accept either,
// both written out exactly. DEL, CR (as &#13;), C1 and bidi controls are legal XML and must come
// out escaped.
func hostileFaultCases() []hostileCase {
	digits := strings.Repeat("0123456789", 100000) // 1 MB: the reply stays under 1 MiB, below any sane cap
	accents := strings.Repeat("é", 2000)           // 2000 characters, 4000 bytes
	return []hostileCase{
		{name: "faultstring with invalid UTF-8", rules: hostileOn("RetrievePropertiesEx", hostile.Fault("bad \xff\xfe\xc3 byte")),
			want: hErr(`bad \xff\xfe\xc3 byte`), alt: hErr(hStatus(500))},
		{name: "faultstring with C0 controls", rules: hostileOn("RetrievePropertiesEx", hostile.Fault("nul\x00bel\x07bs\x08vt\x0bff\x0cus\x1fend")),
			want: hErr(`nul\x00bel\x07bs\x08vt\x0bff\x0cus\x1fend`), alt: hErr(hStatus(500))},
		{name: "faultstring with an ESC sequence", rules: hostileOn("RetrievePropertiesEx", hostile.Fault("\x1b[2J\x1b[1;31mred\x1b]0;owned\x07done")),
			want: hErr(`\x1b[2J\x1b[1;31mred\x1b]0;owned\x07done`), alt: hErr(hStatus(500))},
		// XML 1.1 allows C0 controls as character references; a parser that reads 1.1 must
		// still print them escaped.
		{name: "faultstring with ESC as XML 1.1 character references", rules: hostileOn("RetrievePropertiesEx",
			hostile.XMLReply(http.StatusInternalServerError, bytes.Replace(hostile.FaultBody("&#x1b;[31mred&#x1b;[0m"),
				[]byte(`<?xml version="1.0"`), []byte(`<?xml version="1.1"`), 1))),
			want: hErr(`\x1b[31mred\x1b[0m`), alt: hErr(hStatus(500))},
		{name: "faultstring with DEL", rules: hostileOn("RetrievePropertiesEx", hostile.Fault("del\x7fend")),
			want: hErr(`del\x7fend`)},
		// CR is C0 (\x0d) and, arguably, a newline (a space): either; a tab (raw or &#9;) is C0
		// too, escaped.
		{name: "faultstring with CR and tab", rules: hostileOn("RetrievePropertiesEx", hostile.Fault("tab\tthen&#13;overwritten")),
			want: hErr("tab\\x09then\\x0doverwritten"), alt: hErr("tab\\x09then overwritten")},
		{name: "faultstring with an escaped tab", rules: hostileOn("RetrievePropertiesEx", hostile.Fault("a&#9;b")),
			want: hErr("a\\x09b")},
		{name: "faultstring with C1 and bidi controls", rules: hostileOn("RetrievePropertiesEx",
			hostile.Fault("nel\u0085csi\u009b[31m rlo\u202eexe.txt lri\u2066x\u2069 alm\u061c lrm\u200e")),
			want: hErr(`nel\u0085csi\u009b[31m rlo\u202eexe.txt lri\u2066x\u2069 alm\u061c lrm\u200e`)},
		{name: "faultstring forging an Error line", rules: hostileOn("RetrievePropertiesEx", hostile.Fault("first line\nError: forged line")),
			want: hErr("first line Error: forged line")},
		{name: "faultstring of 1 MB", rules: hostileOn("RetrievePropertiesEx", hostile.Fault(digits)),
			want: hErr(digits[:1024] + "...")},
		{name: "faultstring of 2000 two-byte characters", rules: hostileOn("RetrievePropertiesEx", hostile.Fault(accents)),
			want: hErr(strings.Repeat("é", 1024) + "...")},
		{name: "faultstring with bidi controls at login", rules: hostileOn("Login", hostile.Fault("Login\u202e failed\u2067")),
			want: hConn(`Login\u202e failed\u2067`)},
		// The listing itself is server text: a VM path carrying a newline, a forged Error line, C1
		// and bidi controls is printed on one line, escaped.
		{name: "VM path with controls", rules: hostileOn("RetrievePropertiesEx",
			hostile.Rewrite("ha-host_VM0/ha-host_VM0.vmx", "ha-host_VM0/evil&#10;Error: forged\u0085\u202egpj.vmx")),
			ok: true, want: []string{"{LIST}"}, listEdit: func(l string) string {
				return strings.Replace(l, "ha-host_VM0/ha-host_VM0.vmx", `ha-host_VM0/evil Error: forged\u0085\u202egpj.vmx`, 1)
			}},
	}
}

func hostileSOAPCases() []hostileCase {
	passwd := "root:x:0:0"
	if b, err := ioutil.ReadFile("/etc/passwd"); err == nil {
		passwd = strings.SplitN(string(b), "\n", 2)[0]
	}
	cases := []hostileCase{
		// Silence: the request is read, no byte ever comes back. --timeout bounds the command.
		{name: "silence at the version GET", rules: hostileOnPath(hostileVersionsPath, hostile.Silence()), want: hConn(hTimedOut)},
		{name: "silence at RetrieveServiceContent", rules: hostileOn("RetrieveServiceContent", hostile.Silence()), want: hConn(hTimedOut)},
		{name: "silence at Login", rules: hostileOn("Login", hostile.Silence()), want: hConn(hTimedOut)},
		{name: "silence at RetrievePropertiesEx", rules: hostileOn("RetrievePropertiesEx", hostile.Silence()), want: hErr(hTimedOut)},
		// Logout comes after the listing is printed: the command's outcome is decided (vmrun's
		// Session::logout ignores Logout's failures by design) and the output is complete, so
		// the listing and exit 0 stand; --timeout still bounds the wait for the answer.
		{name: "silence at Logout", rules: hostileOn("Logout", hostile.Silence()), ok: true, want: []string{"{LIST}"}},
		{name: "garbage at Logout", rules: hostileOn("Logout", hostile.Garbage(4096)), ok: true, want: []string{"{LIST}"}},
		{name: "slow drip, 1 byte/s, status line included", rules: hostileOn("RetrievePropertiesEx", hostile.Drip(time.Second, false)),
			want: hErr(hTimedOut)},
		{name: "slow drip of the body at Login", rules: hostileOn("Login", hostile.Drip(time.Second, true)), want: hConn(hTimedOut)},

		// Not SOAP, or not the SOAP asked for.
		{name: "truncated body", rules: hostileOn("RetrievePropertiesEx", hostile.Truncated()), want: hErr(hInvalid)},
		{name: "garbage body", rules: hostileOn("RetrievePropertiesEx", hostile.Garbage(64<<10)), want: hErr(hInvalid)},
		{name: "empty body", rules: hostileOn("Login", hostile.Empty()), want: hConn(hInvalid)},
		{name: "HTML error page with 500", rules: hostileOn("RetrieveServiceContent", hostile.HTMLPage(500)), want: hConn(hStatus(500))},
		{name: "HTML page with 200", rules: hostileOn("RetrievePropertiesEx", hostile.HTMLPage(200)), want: hErr(hInvalid)},
		{name: "302 redirect", rules: hostileOn("Login", hostile.Redirect(302, "https://127.0.0.1:1/sdk")), want: hConn(hStatus(302))},
		{name: "503", rules: hostileOn("RetrievePropertiesEx", hostile.HTMLPage(503)), want: hErr(hStatus(503))},
		{name: "reply to another method", rules: hostileOn("RetrievePropertiesEx", hostile.WrongResponse()), want: hErr(hInvalid)},

		// HTTP framing.
		{name: "reset mid-body, Content-Length", rules: hostileOn("RetrievePropertiesEx", hostile.ResetMidBody(false)), want: hErr(hInvalid)},
		{name: "reset mid-body, chunked", rules: hostileOn("RetrieveServiceContent", hostile.ResetMidBody(true)), want: hConn(hInvalid)},
		{name: "reset mid-body at the version GET", rules: hostileOnPath(hostileVersionsPath, hostile.ResetMidBody(false)), want: hConn(hInvalid)},
		{name: "reset before any reply", rules: hostileOn("Login", hostile.ResetBeforeReply()), want: hConn(hInvalid)},
		{name: "close before any reply", rules: hostileOn("RetrievePropertiesEx", hostile.CloseBeforeReply()), want: hErr(hInvalid)},
		{name: "bad chunk size", rules: hostileOn("RetrievePropertiesEx", hostile.BadChunkSize("zz")), want: hErr(hInvalid)},
		{name: "chunk size beyond 64 bits", rules: hostileOn("RetrievePropertiesEx", hostile.BadChunkSize("fffffffffffffffff0")), want: hErr(hInvalid)},
		{name: "300 KB header", rules: hostileOn("RetrievePropertiesEx", hostile.HugeHeader(300<<10)), want: hErr(hInvalid)},
		{name: "Content-Length larger than the body, then close", rules: hostileOn("RetrievePropertiesEx", hostile.ShortBody(1000)), want: hErr(hInvalid)},
		{name: "two different Content-Lengths", rules: hostileOn("RetrievePropertiesEx", hostile.DuplicateContentLength()), want: hErr(hInvalid)},
		{name: "bad status line", rules: hostileOn("RetrieveServiceContent", hostile.BadStatusLine()), want: hConn(hInvalid)},
		{name: "HTTP/0.9 reply", rules: hostileOn("RetrievePropertiesEx", hostile.HTTP09()), want: hErr(hInvalid)},
		{name: "Content-Encoding gzip on a plain body", rules: hostileOn("RetrievePropertiesEx", hostile.BogusGzip()), want: hErr(hInvalid)},

		// Bombs. A DTD has no place in SOAP (SOAP 1.1 section 3: a message must not contain
		// one): a 200 with one is an invalid reply, a 500 with one is not a SOAP fault and is
		// reported by its status (as the HTML error page with 500 is), whatever the entities.
		// A listing reply is read one object at a time (docs/behaviour.md#limits): 20 MB of small
		// objects (past the 8 MiB and 100,000 nodes of a reply read whole) is within the streamed
		// totals, in the memory of one object, and takes seconds: a --timeout that is not what
		// is tested. The objects have no vmx path, so none is listed. Any other reply is read
		// whole, and capped.
		{name: "huge reply, 20 MB of small objects, streamed", rules: hostileOn("RetrievePropertiesEx", hostile.Huge("RetrievePropertiesEx", 20<<20)),
			timeout: 120, ok: true, want: []string{"Total running VMs: 0"}},
		{name: "huge reply, 100 MB of small elements, at RetrieveServiceContent", rules: hostileOn("RetrieveServiceContent",
			hostile.Huge("RetrieveServiceContent", 100<<20)), want: hConn(hInvalid)},
		{name: "huge versions file, 100 MB", rules: hostileOnPath(hostileVersionsPath, hostile.HugeErrorPage(200, 100<<20)), want: hConn(hInvalid)},
		// A listing is streamed (1 GiB at most, blanks between objects dropped): past 1 GiB when
		// parsing is fast, --timeout first when not.
		{name: "gzip bomb, 1 MB inflating to 1 GiB", rules: hostileOn("RetrievePropertiesEx", hostile.GzipBombReply()), want: hErr(hInvalid),
			alt: hErr(hTimedOut)},
		{name: "gzip bomb at RetrieveServiceContent", rules: hostileOn("RetrieveServiceContent", hostile.GzipBombReply()), want: hConn(hInvalid)},
		{name: "entity bomb (billion laughs)", rules: hostileOn("RetrievePropertiesEx",
			hostile.XMLReply(http.StatusOK, hostile.EntityBomb("RetrievePropertiesEx"))), want: hErr(hInvalid)},
		{name: "XXE to /etc/passwd", rules: hostileOn("RetrievePropertiesEx",
			hostile.XMLReply(http.StatusInternalServerError, hostile.XXE("/etc/passwd"))), want: hErr(hStatus(500)),
			forbid: []string{passwd}},
		{name: "deep nesting, 100k levels", rules: hostileOn("RetrievePropertiesEx",
			hostile.XMLReply(http.StatusOK, hostile.DeepNesting("RetrievePropertiesEx", 100000))), want: hErr(hInvalid)},
	}
	return append(cases, hostileFaultCases()...)
}

// TestHostileSOAP runs each case against its own proxy in front of one shared simulator (the
// cases only read: `list`), a few at a time.
func TestHostileSOAP(t *testing.T) {
	h := newHarness(t, "esx", nil)
	running := h.s.RunningVMPaths()
	listing := append([]string{"Total running VMs: " + strconv.Itoa(len(running))}, running...)
	for _, c := range hostileSOAPCases() {
		c := c
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p := hostileProxy(t, h.s.URL, c.rules...)
			r := c.run(t, c.args(p.URL, "--thumbprint="+p.ThumbprintSHA256, "list"))
			checkHostile(t, c, r, p.Addr, p.Fired(), p.Describe(), listing, "")
		})
	}
}
