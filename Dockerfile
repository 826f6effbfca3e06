# syntax=docker/dockerfile:1
# kiwiops: one binary, the config beside it, SQLite on a volume, running as a non-root user.
#
# The dependencies are compiled in a layer of their own, from cargo-chef's recipe (the manifests
# and Cargo.lock, nothing else), so a change to kiwiops's code recompiles kiwiops and not every
# crate; the layer is rebuilt only when Cargo.toml or Cargo.lock change.
FROM rust:1.95-slim-bookworm AS chef
# Pinned: a new cargo-chef may write a different recipe and so miss the cache.
RUN cargo install cargo-chef --locked --version 0.1.78
WORKDIR /src

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS build
COPY --from=planner /src/recipe.json recipe.json
RUN cargo chef cook --release --locked --bin kiwiops --recipe-path recipe.json
# Everything .dockerignore lets through: code, migrations, config, and whatever the build embeds.
COPY . .
RUN cargo build --release --locked --bin kiwiops

FROM debian:bookworm-slim
# User and group 10001 own /data (the store) and /app/kiwiops-out (the console's and demo's
# charts and files), the only places it writes.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 kiwiops \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin kiwiops \
 && mkdir -p /data /app/config /app/kiwiops-out \
 && chown 10001:10001 /data /app/kiwiops-out
COPY --from=build /src/target/release/kiwiops /usr/local/bin/kiwiops
COPY config/ /app/config/
WORKDIR /app
# Numeric, so an orchestrator can tell it is not root without reading /etc/passwd.
USER 10001:10001
# The store lives on the volume; secrets (DISCORD_TOKEN, KIWIOPS_MASTER_KEY) come from the
# environment. The health and metrics listener binds every interface of the container, so a
# published port reaches it; publish it on the host's loopback only (see README).
ENV KIWIOPS__DATABASE__PATH=/data/kiwiops.db \
    KIWIOPS__HTTP__LISTEN=0.0.0.0:9464
VOLUME ["/data"]
EXPOSE 9464
# The image has no curl: the binary probes /healthz on http.listen over loopback itself, and
# exits 0 (healthy) or 1. The start period covers registering commands and the gateway handshake.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["kiwiops", "health", "--timeout", "3"]
ENTRYPOINT ["kiwiops"]
CMD ["run"]
