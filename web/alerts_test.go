package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/dyad-events/dyad/api"
	"github.com/dyad-events/dyad/web"
)

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", url, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

type alert struct {
	Source, Target, Start, Direction, Rule string
	Z                                      float64
}

type seriesAnswer struct {
	Points []struct {
		Start  string
		Events int
	}
	Alerts []alert
}

// The three findings about alerts, over the demo crisis: the same question
// gets the same answer with the range left out or written out, the chart's
// alerts (the series) and the panel's (/api/alerts) are one computation,
// and the crisis's deadliest day raises an alert in the dashboard's
// default view (both directions of the busiest dyad, by day).
func TestAlertsAgreeAndTheDemoCrisisRaisesOne(t *testing.T) {
	st := demoStore(t)
	srv := httptest.NewServer(api.NewHandler(api.Options{Store: st, Dashboard: web.Handler()}))
	defer srv.Close()
	var stats struct{ First, Last string }
	getJSON(t, srv.URL+"/api/stats", &stats)
	if stats.First == "" {
		t.Fatal("the demo store has no dated events")
	}
	for _, interval := range []string{"day", "week"} {
		for _, both := range []string{"0", "1"} {
			params := fmt.Sprintf("interval=%s&both=%s", interval, both)
			t.Run(params, func(t *testing.T) {
				var implicit, explicit seriesAnswer
				getJSON(t, srv.URL+"/api/dyads/CHN/PHL/series?"+params, &implicit)
				getJSON(t, srv.URL+"/api/dyads/CHN/PHL/series?"+params+"&from="+stats.First+"&to="+stats.Last, &explicit)
				if fmt.Sprint(implicit) != fmt.Sprint(explicit) {
					t.Errorf("the series without from/to differs from the one with the stored period written out:\n%v\n%v", implicit, explicit)
				}
				var panel struct{ Alerts []alert }
				getJSON(t, srv.URL+"/api/alerts?"+params, &panel)
				seen := map[string]bool{}
				for _, a := range panel.Alerts {
					var chart seriesAnswer
					getJSON(t, fmt.Sprintf("%s/api/dyads/%s/%s/series?%s", srv.URL, a.Source, a.Target, params), &chart)
					found := false
					for _, c := range chart.Alerts {
						if c.Start == a.Start && c.Direction == a.Direction && c.Z == a.Z {
							found = true
						}
					}
					if !found {
						t.Errorf("the panel's alert %+v is not on the chart of %s→%s: %+v", a, a.Source, a.Target, chart.Alerts)
					}
					seen[a.Source+"-"+a.Target+"-"+a.Start] = true
				}
				for _, c := range implicit.Alerts {
					if !seen["CHN-PHL-"+c.Start] {
						t.Errorf("the chart's alert %+v for CHN-PHL is not in the panel: %+v", c, panel.Alerts)
					}
				}
			})
		}
	}
	var panel struct{ Alerts []alert }
	getJSON(t, srv.URL+"/api/alerts?interval=day&both=1&modality=asserted", &panel)
	for _, a := range panel.Alerts {
		if a.Source == "CHN" && a.Target == "PHL" && a.Direction == "conflict" && a.Start[:10] == "2026-04-27" {
			return
		}
	}
	t.Errorf("no conflict alert for China and the Philippines on 27 April, the day of the deadly ramming: %+v", panel.Alerts)
}
