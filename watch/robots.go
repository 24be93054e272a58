package watch

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// robots is the part of a robots.txt file (RFC 9309) that applies to one
// crawler: its rules, or the "*" group's when it has none of its own.
type robots struct {
	rules []rule
}

type rule struct {
	allow   bool
	pattern string         // as written, for its length
	re      *regexp.Regexp // compiled by compilePattern
}

// parseRobots reads a robots.txt body for the crawler whose product
// token is agent.
func parseRobots(r io.Reader, agent string) robots {
	agent = strings.ToLower(agent)
	var own, star []rule
	var haveOwn bool
	var groupAgents []string
	inRules := false
	sc := bufio.NewScanner(io.LimitReader(r, 512<<10))
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key, value = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(value)
		switch key {
		case "user-agent":
			if inRules {
				groupAgents, inRules = nil, false
			}
			groupAgents = append(groupAgents, strings.ToLower(value))
		case "allow", "disallow":
			inRules = true
			if value == "" {
				continue // "Disallow:" with nothing allows everything
			}
			r := rule{allow: key == "allow", pattern: value, re: compilePattern(value)}
			for _, a := range groupAgents {
				switch {
				case a == "*":
					star = append(star, r)
				case strings.Contains(agent, a) || strings.Contains(a, agent):
					own = append(own, r)
					haveOwn = true
				}
			}
		}
	}
	if haveOwn {
		return robots{rules: own}
	}
	return robots{rules: star}
}

// allowed applies the longest matching rule to a path (with its query);
// an Allow wins a tie, and no matching rule allows.
func (rb robots) allowed(path string) bool {
	best, allow := -1, true
	for _, r := range rb.rules {
		if n := len(r.pattern); n >= best && r.re.MatchString(path) {
			if n > best || r.allow {
				allow = r.allow
			}
			best = n
		}
	}
	return allow
}

// compilePattern turns a robots.txt path pattern into a regular
// expression matching from the start of a path: * matches any run of
// characters, and a final $ anchors the end.
func compilePattern(pattern string) *regexp.Regexp {
	anchored := strings.HasSuffix(pattern, "$")
	parts := strings.Split(strings.TrimSuffix(pattern, "$"), "*")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	expr := "^" + strings.Join(parts, ".*")
	if anchored {
		expr += "$"
	}
	return regexp.MustCompile(expr)
}

// robotsCache fetches and keeps each host's robots.txt for a while.
type robotsCache struct {
	client *http.Client
	agent  string // product token, e.g. "dyad"
	ua     string // full User-Agent header
	ttl    time.Duration

	mu    sync.Mutex
	hosts map[string]robotsEntry
}

type robotsEntry struct {
	rb      robots
	err     error // the file could not be had: nothing may be fetched
	fetched time.Time
}

// errRobots is the error of a URL that robots.txt forbids.
type errRobots struct{ url string }

func (e *errRobots) Error() string { return fmt.Sprintf("robots.txt forbids fetching %s", e.url) }

// check returns an error if the URL may not be fetched: its host's
// robots.txt forbids it, or says nothing because the server failed (RFC
// 9309: a server error means "do not crawl for now"; a missing file, or
// any other 4xx, means everything is allowed).
func (c *robotsCache) check(ctx context.Context, raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", raw, err)
	}
	origin := u.Scheme + "://" + u.Host
	c.mu.Lock()
	e, ok := c.hosts[origin]
	c.mu.Unlock()
	if !ok || time.Since(e.fetched) > c.ttl || (e.err != nil && time.Since(e.fetched) > time.Minute) {
		e = c.fetch(ctx, origin)
		c.mu.Lock()
		c.hosts[origin] = e
		c.mu.Unlock()
	}
	if e.err != nil {
		return e.err
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if !e.rb.allowed(path) {
		return &errRobots{raw}
	}
	return nil
}

func (c *robotsCache) fetch(ctx context.Context, origin string) robotsEntry {
	now := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, origin+"/robots.txt", nil)
	if err != nil {
		return robotsEntry{err: err, fetched: now}
	}
	req.Header.Set("User-Agent", c.ua)
	resp, err := c.client.Do(req)
	if err != nil {
		return robotsEntry{err: fmt.Errorf("reading %s/robots.txt: %w", origin, err), fetched: now}
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return robotsEntry{rb: parseRobots(resp.Body, c.agent), fetched: now}
	case resp.StatusCode >= 400 && resp.StatusCode < 500:
		return robotsEntry{fetched: now}
	default:
		return robotsEntry{err: fmt.Errorf("%s/robots.txt: HTTP %s: not crawling the site for now", origin, resp.Status), fetched: now}
	}
}
