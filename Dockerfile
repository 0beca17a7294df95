# ecs2eks operator image: `docker build -t ghcr.io/ecs2eks/ecs2eks:0.1.0 .` (make docker-build).
# NOT built in CI: there is no Docker engine there; test/unit/packaging/dockerfile.test.ts lints it.
# Without Docker, `make image` (hack/image/build.sh) assembles the same runtime image from this
# machine's node binary; that is the image the real-node scenario 10 deploys.
# Three stages: build (all deps, tsc), prod-deps (npm ci --omit=dev), runtime (node + production
# node_modules + dist/src only, non-root, runs with a read-only root filesystem).

# --- build: compile TypeScript with the dev dependencies ---
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npx tsc -p tsconfig.build.json

# --- prod-deps: production dependencies only ---
FROM node:20.20.2-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# --- runtime ---
FROM node:20.20.2-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# package.json: "type": "module" for dist/ and the version that `ecs2eks --version` prints.
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
# `ecs2eks` on PATH, as the package's bin (dist/src/cli/main.js, which starts with #!/usr/bin/env node).
RUN chmod 0755 /app/dist/src/cli/main.js \
 && ln -s /app/dist/src/cli/main.js /usr/local/bin/ecs2eks
# A numeric non-root user (distroless "nonroot"), so runAsNonRoot can verify it.
USER 65532:65532
EXPOSE 8080 8081
ENTRYPOINT ["ecs2eks", "operator"]
