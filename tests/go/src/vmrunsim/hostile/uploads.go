// SPDX-License-Identifier: Apache-2.0

package hostile

// Uploads: what the proxy read of every PUT body (forwarded or sabotaged), and the sabotage that
// hangs up part-way through one.

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"io/ioutil"
	"sync"
)

// Upload is one PUT body as far as the proxy read it: all of a forwarded one, the part before
// the cut of a sabotaged one.
type Upload struct {
	Path   string
	Length int64
	SHA256 string // lower-case hex
}

// StartsFile reports whether the body was file from offset 0 (as far as it went).
func (u Upload) StartsFile(file []byte) bool {
	if u.Length > int64(len(file)) {
		return false
	}
	sum := sha256.Sum256(file[:u.Length])
	return u.SHA256 == hex.EncodeToString(sum[:])
}

// bodyRecord counts and hashes a request body as it is read (by a sabotage, or by the upstream
// transport, whose writer may still be reading when the handler returns).
type bodyRecord struct {
	body io.ReadCloser
	mu   sync.Mutex
	n    int64
	h    hash.Hash
}

func newBodyRecord(body io.ReadCloser) *bodyRecord {
	return &bodyRecord{body: body, h: sha256.New()}
}

func (b *bodyRecord) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	b.mu.Lock()
	b.n += int64(n)
	b.h.Write(p[:n])
	b.mu.Unlock()
	return n, err
}

func (b *bodyRecord) Close() error { return b.body.Close() }

func (b *bodyRecord) upload(path string) Upload {
	b.mu.Lock()
	defer b.mu.Unlock()
	return Upload{Path: path, Length: b.n, SHA256: hex.EncodeToString(b.h.Sum(nil))}
}

// Uploads lists every PUT body the proxy received, in order of arrival, as far as it read each.
func (p *Proxy) Uploads() []Upload {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]Upload, len(p.uploads))
	for i, b := range p.uploads {
		out[i] = b.record.upload(b.path)
	}
	return out
}

type recordedUpload struct {
	path   string
	record *bodyRecord
}

// CutUpload reads the first after bytes of the request body (all of it when it is shorter),
// then hangs up without a byte of reply: a TCP RST with reset, else a clean TLS close.
func CutUpload(after int64, reset bool) Sabotage {
	return func(x *Exchange) {
		_, _ = io.CopyN(ioutil.Discard, x.R.Body, after)
		raw, err := x.Hijack()
		if err != nil {
			return
		}
		if reset {
			raw.Reset()
		} else {
			raw.Close()
		}
	}
}
