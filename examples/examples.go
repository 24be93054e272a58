// Package examples embeds the example articles that ship with dyad — an
// invented multi-week crisis (crisis.jsonl and two of its articles as web
// pages) and one article for the README — so that "dyad demo" runs from any
// directory.
package examples

import "embed"

// FS holds crisis.jsonl, article.txt and html/*.html.
//
//go:embed crisis.jsonl article.txt html/*.html
var FS embed.FS
