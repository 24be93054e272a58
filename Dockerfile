# dyad in a container: one static binary on an empty base image.
#
#   docker build --build-arg DYAD_COMMIT=$(git rev-parse HEAD) -t dyad .
#   docker run --rm dyad version
#   docker run --rm -v dyad-data:/data -p 8080:8080 dyad ingest --db /data/dyad.db URL...
#   docker run --rm -v dyad-data:/data -p 8080:8080 dyad
#
# The build runs scripts/build.sh, the same command .ci/run checks.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG DYAD_COMMIT=unknown
RUN sh scripts/build.sh /out/dyad "$DYAD_COMMIT" && /out/dyad version && mkdir /out/data

FROM scratch
# CA certificates, so that ingest can fetch https feeds and pages.
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/dyad /dyad
# The store's volume belongs to the unprivileged user the server runs as.
COPY --from=build --chown=65534:65534 /out/data /data
VOLUME /data
EXPOSE 8080
USER 65534:65534
ENTRYPOINT ["/dyad"]
# Serve the store in the /data volume on every interface of the container
# (dyad's own default is loopback only). The store must exist: ingest first.
CMD ["serve", "--addr", "0.0.0.0:8080", "--db", "/data/dyad.db"]
