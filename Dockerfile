# syntax=docker/dockerfile:1
# One image for every SEE process; the first argument chooses it (infra/see.mjs):
#   docker run IMAGE gateway            (default)     docker run IMAGE gateway check
#   docker run IMAGE service s2                       docker run IMAGE auth client list
# Build: docker build -t see-chiapas .   (README, "Run it in production")

# Build stage: every dependency, the type check and the compiled output; then only the production
# dependencies are installed again, offline from the store this stage already filled.
FROM node:22-bookworm-slim AS build
WORKDIR /app
RUN npm install --global pnpm@12.4.2 && npm cache clean --force
COPY . .
RUN pnpm install --frozen-lockfile \
  && pnpm build \
  && find . -name node_modules -type d -prune -exec rm -rf {} + \
  && pnpm install --frozen-lockfile --prod --offline

# Runtime stage: node, the compiled packages and their production dependencies; no pnpm, no
# TypeScript, no tsx. The files belong to root and the process runs as `node`: it cannot change them.
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=3000
WORKDIR /app
COPY --from=build /app /app
USER node
# Gateway 3000; the systems' services 3101 (s1), 3102 (s2), 3103 (s3s), 3104 (s3p), 3105 (s5), 3106 (s6), 3107 (s4), …; metrics 9464 (internal).
EXPOSE 3000 3101 3102 3103 3104 3105 3106 3107 9464
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["node", "infra/healthcheck.mjs"]
ENTRYPOINT ["node", "infra/see.mjs"]
CMD ["gateway"]
