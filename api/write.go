package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/ingest"
)

// DocumentResult says what happened to one document of a batch.
type DocumentResult struct {
	Name   string `json:"name"` // the id the input gave it
	Key    string `json:"key"`  // the store's key, for /api/documents/{key}
	Events int    `json:"events"`
	// Status is "stored", "known" for a document the store already had
	// (it is neither coded nor stored again), or "failed" for one the
	// coder could not code (Error says why; the others are stored).
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
}

// CodeAndStore codes the documents that the store does not have yet and
// saves them in one batch. It is what POST /api/documents and dyad demo do.
func CodeAndStore(ctx context.Context, st dyad.Store, coder dyad.Coder, docs []*dyad.Document) (dyad.SaveResult, []DocumentResult, error) {
	keys := make([]string, len(docs))
	for i, d := range docs {
		keys[i] = dyad.DocumentKey(d.URL, d.Text)
	}
	known, err := st.KnownDocuments(ctx, keys)
	if err != nil {
		return dyad.SaveResult{}, nil, fmt.Errorf("checking known documents: %w", err)
	}
	results := make([]DocumentResult, len(docs))
	var batch []dyad.CodedDocument
	failed := 0
	for i, d := range docs {
		results[i] = DocumentResult{Name: d.ID, Key: keys[i], Status: "known"}
		if known[keys[i]] {
			continue
		}
		events, err := coder.Code(ctx, d)
		if err != nil {
			if ctx.Err() != nil {
				return dyad.SaveResult{}, nil, fmt.Errorf("coding %s: %w", d.ID, err)
			}
			// One document the coder trips on does not lose the batch.
			results[i].Status, results[i].Error = "failed", err.Error()
			failed++
			continue
		}
		results[i].Events, results[i].Status = len(events), "stored"
		batch = append(batch, dyad.CodedDocument{Doc: d, Events: events})
	}
	if len(batch) == 0 {
		return dyad.SaveResult{Skipped: len(docs) - failed}, results, nil
	}
	res, err := st.SaveDocuments(ctx, batch)
	if err != nil {
		return res, nil, fmt.Errorf("storing documents: %w", err)
	}
	res.Skipped += len(docs) - len(batch) - failed
	return res, results, nil
}

// rejected is an input record that was not a usable document.
type rejected struct {
	Record int    `json:"record"` // 1-based position in the request
	Error  string `json:"error"`
}

// postAnswer is the answer of POST /api/documents.
type postAnswer struct {
	Stored    int              `json:"stored"`
	Skipped   int              `json:"skipped"`
	Failed    int              `json:"failed"` // documents the coder could not code
	Events    int              `json:"events"`
	Mentions  int              `json:"mentions"`
	Documents []DocumentResult `json:"documents"`
	Rejected  []rejected       `json:"rejected"`
}

func (s *server) postDocuments(w http.ResponseWriter, r *http.Request) {
	if s.opts.Token == "" {
		writeError(w, http.StatusForbidden, "writing is disabled: start the server with --token-file or DYAD_TOKEN")
		return
	}
	if !s.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="dyad"`)
		writeError(w, http.StatusUnauthorized, "a valid bearer token is needed to post documents")
		return
	}
	if !s.writes.allow(s.clientOf(r)) {
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusTooManyRequests, "too many writes")
		return
	}
	if s.opts.Coder == nil {
		writeError(w, http.StatusServiceUnavailable, "this server has no coder loaded")
		return
	}
	// Coding a large batch takes longer than the server's default write
	// deadline allows a read.
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Now().Add(WriteTimeout + 10*time.Second))
	ctx, cancel := context.WithTimeout(r.Context(), WriteTimeout)
	defer cancel()

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body larger than %d bytes", tooBig.Limit))
			return
		}
		writeError(w, http.StatusBadRequest, "reading the request body failed")
		return
	}
	lines, err := jsonLines(r.Header.Get("Content-Type"), body)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	ans := postAnswer{Documents: []DocumentResult{}, Rejected: []rejected{}}
	var docs []*dyad.Document
	tooMany := false
	err = ingest.Read(ctx, "request", bytes.NewReader(lines), ingest.Options{Format: "jsonl", MaxDocBytes: int(s.opts.MaxBodyBytes)},
		func(d *dyad.Document) error {
			if len(docs) >= s.opts.MaxDocuments {
				tooMany = true
				return nil
			}
			docs = append(docs, d)
			return nil
		},
		func(err error) {
			var ie *ingest.Error
			rec := 0
			if errors.As(err, &ie) {
				rec, err = ie.Line, ie.Err
			}
			ans.Rejected = append(ans.Rejected, rejected{Record: rec, Error: err.Error()})
		})
	switch {
	case err != nil:
		s.fail(w, r, fmt.Errorf("reading posted documents: %w", err))
		return
	case tooMany:
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("more than %d documents in one request", s.opts.MaxDocuments))
		return
	case len(docs) == 0:
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "no usable document in the request", "rejected": ans.Rejected})
		return
	}
	res, results, err := CodeAndStore(ctx, s.opts.Store, s.opts.Coder, docs)
	if res.Documents > 0 {
		s.overviews.clear()
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ans.Stored, ans.Skipped, ans.Events, ans.Mentions, ans.Documents = res.Documents, res.Skipped, res.Events, res.Mentions, results
	for _, d := range results {
		if d.Status == "failed" {
			ans.Failed++
		}
	}
	status := http.StatusOK
	if res.Documents > 0 {
		status = http.StatusCreated
	}
	writeJSON(w, status, ans)
}

// jsonLines turns a request body into JSON Lines for ingest: a JSON Lines
// body (by its content type, or by holding more than one value) is used as
// it is; one JSON object, or an array of them, becomes one line each.
func jsonLines(contentType string, body []byte) ([]byte, error) {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch mt {
	case "application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-lines", "application/jsonlines":
		return body, nil
	case "", "application/json", "text/plain":
	default:
		return nil, fmt.Errorf("content type %q: want application/json or application/x-ndjson", mt)
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("empty request body")
	}
	var values []json.RawMessage
	if trimmed[0] == '[' {
		if err := json.Unmarshal(trimmed, &values); err != nil {
			return nil, fmt.Errorf("malformed JSON array: %w", err)
		}
	} else {
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("malformed JSON: %w", err)
		}
		if dec.More() {
			// Several values: JSON Lines sent as application/json. Let
			// ingest read them line by line, reporting bad lines.
			return body, nil
		}
		values = []json.RawMessage{v}
	}
	var out bytes.Buffer
	for _, v := range values {
		if err := json.Compact(&out, v); err != nil {
			return nil, fmt.Errorf("malformed JSON: %w", err)
		}
		out.WriteByte('\n')
	}
	return out.Bytes(), nil
}
