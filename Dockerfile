# One image for every part (api, worker, sandbox, migrate); docker-compose.yml picks the command.
# Debian-based: Temporal's native worker bridge needs glibc (no Alpine).

# The billing console is built with the dev dependencies (esbuild, preact's types), then only its output is kept.
FROM node:20-bookworm-slim AS console
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY console ./console
RUN npx tsx console/build.ts

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
COPY --from=console /app/console/dist ./console/dist
USER node
CMD ["npx", "tsx", "api/main.ts"]
