package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// queryParams maps each route pattern ("GET /api/events") to the query
// parameters it takes. It is read from the OpenAPI document, so that what
// the API accepts and what it documents are one list.
var queryParams = func() map[string]map[string]bool {
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Parameters map[string]openapiParam `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		panic(fmt.Sprintf("api/openapi.json: %v", err)) // embedded and tested
	}
	out := map[string]map[string]bool{}
	for path, ops := range doc.Paths {
		for method, raw := range ops {
			var op struct {
				Parameters []openapiParam `json:"parameters"`
			}
			if json.Unmarshal(raw, &op) != nil {
				continue // not an operation ("parameters" shared by the path)
			}
			names := map[string]bool{}
			for _, p := range op.Parameters {
				if p.Ref != "" {
					p = doc.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")]
				}
				if p.In == "query" {
					names[p.Name] = true
				}
			}
			out[strings.ToUpper(method)+" "+path] = names
		}
	}
	return out
}()

type openapiParam struct {
	Ref  string `json:"$ref"`
	Name string `json:"name"`
	In   string `json:"in"`
}

// knownParams answers 400 to a request with a query parameter its route
// does not take, naming it: a misspelt filter (sourc=USA) must not return
// every event as if no filter had been asked for.
func knownParams(mux *http.ServeMux, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, pattern := mux.Handler(r)
		known, ok := queryParams[pattern]
		if ok {
			q, _ := url.ParseQuery(r.URL.RawQuery) // strictQuery has checked it
			var unknown []string
			for k := range q {
				if !known[k] {
					unknown = append(unknown, k)
				}
			}
			if len(unknown) > 0 {
				sort.Strings(unknown)
				writeError(w, http.StatusBadRequest, unknownMessage(pattern, unknown[0], known))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// unknownMessage names the unknown parameter, the nearest known one when
// it looks like a slip, and the parameters the route takes.
func unknownMessage(pattern, name string, known map[string]bool) string {
	var list []string
	for k := range known {
		list = append(list, k)
	}
	sort.Strings(list)
	msg := fmt.Sprintf("unknown parameter %q", name)
	best, bestD := "", 3
	for _, k := range list {
		if d := editDistance(strings.ToLower(name), k); d < bestD {
			best, bestD = k, d
		}
	}
	if best != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", best)
	}
	if len(list) == 0 {
		return msg + "; " + pattern + " takes no query parameters"
	}
	return msg + "; " + pattern + " takes " + strings.Join(list, ", ")
}

// editDistance is the Levenshtein distance of two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
