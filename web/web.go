// Package web is dyad's dashboard: static HTML, CSS and JavaScript
// embedded in the binary, so that it works offline (no CDN), drawing its
// charts as SVG from the JSON API of package api.
package web

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed static
var static embed.FS

// Handler serves the dashboard's files: index.html at "/", the document
// view at /doc.html, and their scripts and styles.
func Handler() http.Handler {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		// The directory is embedded at build time; it cannot be missing.
		panic(err)
	}
	files := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		// The assets change with the binary; revalidating is cheap.
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
}
