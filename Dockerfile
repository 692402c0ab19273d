# syntax=docker/dockerfile:1.7
# NeuroOps production image (docs/operations.md, "Running with Docker Compose").
#   docker build -t neuroops .
# Three stages: deps (npm ci), build (next build + the two operator scripts bundled), runtime
# (Next's standalone server, no compiler, no dev dependencies, non-root).
# glibc (bookworm), not Alpine: the prebuilt native modules (usearch, onnxruntime-node, sharp's
# libvips, @node-rs/argon2) are linked against glibc.
ARG NODE_IMAGE=node:20-bookworm-slim

# --- deps: every dependency, dev ones included (the build needs them) ---------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# .npmrc carries onnxruntime-node-install=skip: its install script would download CUDA files.
COPY package.json package-lock.json .npmrc ./
# npm ci runs the "postinstall" script: the postgres.js patch (scripts/patch-postgres.mjs), which
# the runtime then gets through the traced node_modules and the bundled scripts.
COPY scripts/patch-postgres.mjs ./scripts/patch-postgres.mjs
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# --- build --------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# NEXT_OUTPUT=standalone (next.config.mjs): .next/standalone holds server.js and the traced files.
RUN NEXT_OUTPUT=standalone npm run build
# The migration runner and the per-tenant export as single ES modules, so the runtime image needs
# neither tsx nor src/ (`node scripts/migrate.mjs`, `node scripts/tenant-export.mjs --org …`).
RUN npx --no-install esbuild scripts/migrate.ts scripts/tenant-export.ts \
      --bundle --platform=node --target=node20 --format=esm --conditions=react-server \
      --outdir=dist/scripts --out-extension:.js=.mjs --log-level=warning \
      "--banner:js=import { createRequire } from 'node:module'; import { fileURLToPath } from 'node:url'; import { dirname } from 'node:path'; const require = createRequire(import.meta.url); const __filename = fileURLToPath(import.meta.url); const __dirname = dirname(__filename);"

# --- runtime ------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    DATA_DIR=/app/.data

RUN groupadd --system --gid 1001 neuroops \
 && useradd --system --uid 1001 --gid neuroops --home-dir /app --no-create-home neuroops \
 && mkdir -p /app/.data \
 && chown neuroops:neuroops /app/.data

# Next's standalone server: server.js, the compiled app and the node_modules files it traced.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
# Migrations are read from ./drizzle at run time (src/server/db/migrate.ts: process.cwd()).
COPY --from=build /app/drizzle ./drizzle
COPY --from=build /app/dist/scripts ./scripts

# Packages the server loads by computed paths, which file tracing misses (checked on a build:
# .next/standalone had no usearch prebuilds/, no onnxruntime-node, no fonts): native binaries
# (usearch prebuilds, onnxruntime-node's bin/, sharp's libvips in @img, argon2), the embedding
# runtime, pdfkit's font metrics and ICC profile, and the TTF fonts that src/server/platform/
# pdf-text.ts reads from ./node_modules. Whole packages, copied over the traced subset.
COPY --from=build /app/node_modules/usearch ./node_modules/usearch
COPY --from=build /app/node_modules/onnxruntime-node ./node_modules/onnxruntime-node
COPY --from=build /app/node_modules/onnxruntime-common ./node_modules/onnxruntime-common
COPY --from=build /app/node_modules/onnxruntime-web ./node_modules/onnxruntime-web
COPY --from=build /app/node_modules/@huggingface ./node_modules/@huggingface
COPY --from=build /app/node_modules/sharp ./node_modules/sharp
COPY --from=build /app/node_modules/@img ./node_modules/@img
COPY --from=build /app/node_modules/@node-rs ./node_modules/@node-rs
COPY --from=build /app/node_modules/pdfkit ./node_modules/pdfkit
COPY --from=build /app/node_modules/fontkit ./node_modules/fontkit
COPY --from=build /app/node_modules/dejavu-fonts-ttf ./node_modules/dejavu-fonts-ttf
COPY --from=build /app/node_modules/@expo-google-fonts/noto-sans-sc ./node_modules/@expo-google-fonts/noto-sans-sc

USER neuroops
EXPOSE 3000
# DATA_DIR: the embedding model cache (models/) and the vector index files (indexes/), both
# rebuildable; mount a volume to keep them across restarts.
VOLUME ["/app/.data"]

# Liveness only (/api/health: the process answers); readiness with the database is /api/ready.
# No curl in the slim image: Node's fetch.
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Next's standalone server listens on $HOSTNAME. Kubernetes and Fargate set HOSTNAME to the
# container's own name at run time, over the image's ENV (Docker does when the image has none),
# and the server would then listen on that address only: health checks on 127.0.0.1 fail. `env` pins it for every command of the
# image (the server, the migration, the export), then execs it (node stays PID 1 for signals).
ENTRYPOINT ["env", "HOSTNAME=0.0.0.0"]
# The server's Node flags are those of scripts/node-flags.ts (SERVER_NODE_FLAGS; infra/infra.test.ts
# checks they match). Not `npm start`: that wraps the embedded database and tsx, which production
# does not use (DATABASE_URL is required here; migrations run as their own step).
CMD ["node", "--max-semi-space-size=64", "server.js"]
