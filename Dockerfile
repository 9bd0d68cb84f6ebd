# syntax=docker/dockerfile:1
#
# Trajectoires: one image, one process serving the API, its docs and the dashboard on port 3000.
#   docker build -t trajectoires .
#   docker run -p 3000:3000 -v trajectoires-data:/data trajectoires                 # embedded PGlite
#   docker run -p 3000:3000 -e DATABASE_URL=postgresql://... trajectoires           # PostgreSQL
# See docs/operations.md; docker-compose.yml runs it next to PostgreSQL.

ARG NODE_IMAGE=node:20-bookworm-slim

# pnpm, pinned to the version in package.json's packageManager and the lockfile.
FROM ${NODE_IMAGE} AS base
ENV CI=true
RUN npm install -g pnpm@12.4.2 && npm cache clean --force
WORKDIR /app

# Every dependency of the workspace (the dashboard's build tools included). Only the manifests are
# copied, so this layer is rebuilt only when a dependency changes.
FROM base AS deps
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY services/api/package.json services/api/
COPY apps/web/package.json apps/web/
COPY packages/contract/package.json packages/contract/
COPY packages/client/package.json packages/client/
COPY tests/package.json tests/
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --store-dir /pnpm/store

# The dashboard, built by Vite into apps/web/dist, and the API, bundled by esbuild into
# services/api/dist/server.js (plain JavaScript: no TypeScript loader at run time).
FROM deps AS build
COPY . .
RUN pnpm --filter @trajectoires/web build && cd services/api && node build.mjs

# What the API needs at run time: its production dependencies and the workspace packages it
# imports (contract), without the build tools, linters and test runners (about 100 MB instead of 300).
FROM base AS prod-deps
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY services/api/package.json services/api/
COPY apps/web/package.json apps/web/
COPY packages/contract/package.json packages/contract/
COPY packages/client/package.json packages/client/
COPY tests/package.json tests/
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --prod --filter '@trajectoires/api...' --store-dir /pnpm/store

# The /app tree as it runs. pnpm's node_modules are symlinks into node_modules/.pnpm: the tree is
# assembled here and copied whole, so they stay valid. Files are made readable by the runtime user
# whatever the permissions of the checkout.
FROM prod-deps AS assemble
COPY tsconfig.base.json ./
COPY services/api ./services/api
COPY packages/contract ./packages/contract
COPY packages/client ./packages/client
# The partner guide and the release notes, served at /api/guide.md and /api/changelog.md.
COPY docs/api.md ./docs/api.md
COPY CHANGELOG.md ./CHANGELOG.md
COPY --from=build /app/apps/web/dist ./apps/web/dist
COPY --from=build /app/services/api/dist ./services/api/dist
RUN chmod -R a+rX,go-w /app

FROM ${NODE_IMAGE} AS runtime
# MALLOC_*: glibc maps every allocation of 128 kB or more on its own and gives it back when it is
# freed, instead of keeping it in the threads' arenas (the API at rest on PGlite: about 180 MB
# instead of 217 MB; docs/benchmarks.md, "The API at rest on PGlite").
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WEB_DIST=/app/apps/web/dist \
    DATA_DIR=/data \
    MALLOC_MMAP_THRESHOLD_=131072 \
    MALLOC_TRIM_THRESHOLD_=131072
COPY --from=assemble /app /app
# /data holds the embedded database when DATABASE_URL is not set; mount a volume there.
RUN mkdir -p /data && chown node:node /data
USER node
# The bundle imports its dependencies from services/api/node_modules, and the operations commands
# (`node --import tsx src/db/migrate-cli.ts`, …) resolve tsx from there: the process starts from
# services/api. Paths in the configuration do not depend on the working directory.
WORKDIR /app/services/api
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
# Applies pending migrations, then listens. SIGTERM drains in-flight requests (SHUTDOWN_GRACE_SECONDS).
CMD ["node", "dist/server.js"]
