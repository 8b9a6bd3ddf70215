# The shop, as `docker compose up` runs it. Static pages are built from the catalog, so
# `next build` runs when the container starts (the database is not reachable while the image
# is built); scripts/demo.ts migrates, seeds an empty catalog, builds if needed, then starts.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
COPY scripts ./scripts
RUN npm install --no-audit --no-fund
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1 PORT=3000
EXPOSE 3000
CMD ["node_modules/.bin/tsx", "scripts/demo.ts"]
