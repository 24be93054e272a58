package main

import (
	"os"
	"strings"
	"testing"
)

// CI without a Docker engine runs scripts/build.sh instead of building the
// image; that only checks the image if the Dockerfile builds with it.
func TestDockerfileBuildsWithTheBuildScript(t *testing.T) {
	data, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(data)
	for _, want := range []string{"RUN sh scripts/build.sh /out/dyad", "COPY --from=build /out/dyad /dyad", `ENTRYPOINT ["/dyad"]`, "FROM scratch"} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	script, err := os.ReadFile("../../scripts/build.sh")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CGO_ENABLED=0", "-X main.commit=", "./cmd/dyad"} {
		if !strings.Contains(string(script), want) {
			t.Errorf("scripts/build.sh lacks %q", want)
		}
	}
}
