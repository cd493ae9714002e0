# One image for every part (api, worker, sandbox, migrate); docker-compose.yml picks the command.
# Debian-based: Temporal's native worker bridge needs glibc (no Alpine).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
USER node
CMD ["npx", "tsx", "api/main.ts"]
