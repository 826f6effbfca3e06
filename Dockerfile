# kiwiops: one static-ish binary, the config beside it, SQLite on a volume, running as a non-root user.
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY migrations ./migrations
COPY config ./config
COPY build.rs ./
COPY benches ./benches
RUN cargo build --release --locked --bin kiwiops

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin kiwiops \
 && mkdir -p /data /app/config \
 && chown kiwiops /data
COPY --from=build /src/target/release/kiwiops /usr/local/bin/kiwiops
COPY config/ /app/config/
WORKDIR /app
USER kiwiops
# The store lives on the volume; secrets (DISCORD_TOKEN, KIWIOPS_MASTER_KEY) come from the environment.
ENV KIWIOPS__DATABASE__PATH=/data/kiwiops.db \
    KIWIOPS__HTTP__LISTEN=0.0.0.0:9464
VOLUME ["/data"]
EXPOSE 9464
ENTRYPOINT ["kiwiops"]
CMD ["run"]
