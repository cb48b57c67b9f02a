# syntax=docker/dockerfile:1
# Hotline 1022: one image for both roles; the command picks one (`--http` or `--workers`).
# scripts/check-docker.sh repeats the build stage's steps without Docker (CI has no engine).

ARG NODE_IMAGE=node:20-bookworm-slim

# All dependencies, cached until package.json or the lockfile change.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# TypeScript to dist/, with templates, static files and JSON data copied beside the code.
FROM deps AS build
COPY . .
RUN npm run build

# Runtime: production dependencies and dist/ only, as the unprivileged `node` user.
FROM ${NODE_IMAGE} AS runtime
# DATA_DIR holds uploaded answer attachments; mount a volume there (docker-compose.yml does).
ENV NODE_ENV=production \
    DATA_DIR=/var/lib/hotline
RUN mkdir -p /var/lib/hotline && chown node:node /var/lib/hotline
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: nothing the runtime loads needs one (package.json's allowScripts denies esbuild's
# and msgpackr-extract's: their prebuilt binaries come as optional packages). No development tools either:
# the MongoDB stand-in, the mail catcher and mongodb-memory-server are devDependencies, and tools/ is not built.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
CMD ["node", "dist/main/main.js"]
