# syntax=docker/dockerfile:1
# The bot server as a container: built in one stage (nodejieba compiles from source), run in another
# with only what the server reads at run time, as an unprivileged user, with tini as PID 1 so that
# SIGTERM reaches node (which drains: finishes turns in flight, then exits) and zombies are reaped.
# Not `npm start`: npm would sit between tini and node and swallow the signal.
#
#   docker build -t yijianshi .
#   docker run -p 3978:3978 -v yijianshi-data:/data --env-file .env yijianshi
#
# Listening beyond loopback needs real secrets (STAFF_TOKEN, BACKEND_SECRET, DATA_ENCRYPTION_KEY, …):
# the server refuses the development defaults there. See .env.example and docs/security.md.

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY apps ./apps
COPY knowledge ./knowledge
COPY dialogs ./dialogs
RUN node scripts/build.mjs --force && node scripts/build-tools.mjs && npm prune --omit=dev

FROM ${NODE_IMAGE} AS run
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown node:node /data
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3978 DATA_DIR=/data
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=root:root /app/scripts/serve.cjs ./scripts/serve.cjs
COPY --from=build --chown=root:root /app/knowledge ./knowledge
COPY --from=build --chown=root:root /app/dialogs ./dialogs
COPY --from=build --chown=root:root /app/src/server/console/public ./src/server/console/public
# the shared stores' schema, applied at start when DATABASE_URL is set
COPY --from=build --chown=root:root /app/src/server/stores/migrations ./src/server/stores/migrations
USER node
VOLUME ["/data"]
EXPOSE 3978
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=20", "--disable-warning=DEP0111", "scripts/serve.cjs"]
