# One image for every part (api, worker, sandbox, migrate); docker-compose.yml picks the command.
# Debian-based: Temporal's native worker bridge needs glibc (no Alpine).

# Build stage: with the dev dependencies (TypeScript, esbuild), `npm run build` compiles the server-side code
# to JavaScript, builds the billing console and pre-bundles the workflow code, all into dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime stage: production dependencies and the compiled output only; no TypeScript sources, no tsx at run time.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
CMD ["node", "--enable-source-maps", "dist/api/main.js"]
